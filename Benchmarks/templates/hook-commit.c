
/* Added by the reviewbot benchmark, commit @N@. */
static int __maybe_unused
bench_commit_helper_@N@(struct drm_i915_gem_object *obj)
{
	struct drm_device *dev = obj->base.dev;

	mutex_lock(&dev->struct_mutex);
	i915_gem_object_get_pages(obj);
	mutex_unlock(&dev->struct_mutex);
	return @N@;
}
