/* Entry points from ops tables, in initializers and by assignment. */
struct mutex { int owner; };
struct drm_device { struct mutex struct_mutex; };
struct shrinker { unsigned long (*scan_objects)(struct shrinker *, void *); unsigned long (*count_objects)(struct shrinker *, void *); };
struct drm_i915_private { struct drm_device drm; struct { struct shrinker shrinker; } mm; };
struct vm_fault { struct drm_device *dev; };

static int obj_fault(struct vm_fault *vmf)
{
	mutex_lock(&vmf->dev->struct_mutex);
	mutex_unlock(&vmf->dev->struct_mutex);
	return 0;
}

static int obj_mkwrite(struct vm_fault *vmf)
{
	return 0;
}

static const struct vm_operations_struct obj_vm_ops = {
	.fault = obj_fault,
	.page_mkwrite = obj_mkwrite,
	.open = drm_gem_vm_open,
};

static unsigned long obj_scan(struct shrinker *s, void *sc)
{
	struct drm_i915_private *i915 = container_of(s, struct drm_i915_private, mm.shrinker);

	if (!mutex_trylock(&i915->drm.struct_mutex))
		return SHRINK_STOP;
	mutex_unlock(&i915->drm.struct_mutex);
	return 0;
}

static unsigned long obj_count(struct shrinker *s, void *sc)
{
	return 0;
}

void obj_shrinker_init(struct drm_i915_private *dev_priv)
{
	dev_priv->mm.shrinker.scan_objects = obj_scan;
	dev_priv->mm.shrinker.count_objects = obj_count;
	register_shrinker(&dev_priv->mm.shrinker);
}

static void obj_invalidate(struct mmu_notifier *mn, struct mm_struct *mm,
			   unsigned long start, unsigned long end)
{
}

static const struct mmu_notifier_ops obj_mn_ops = {
	.invalidate_range_start = obj_invalidate,
	.release = obj_release_notifier,
};

static int obj_release_notifier(struct mmu_notifier *mn, struct mm_struct *mm)
{
	return 0;
}

static const struct file_operations obj_fops = {
	.owner = THIS_MODULE,
	.open = drm_open,
	.mmap = obj_mmap,
	.unlocked_ioctl = drm_ioctl,
};

static int obj_mmap(struct file *filp, struct vm_area_struct *vma)
{
	return 0;
}
