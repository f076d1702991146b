/* A wrapper that returns 0 with the device lock held, and its callers. */
struct mutex { int owner; };
struct drm_device { struct mutex struct_mutex; int wedged; };
struct drm_i915_private { struct drm_device drm; struct { struct mutex obj_lock; } mm; };

static inline struct drm_i915_private *to_i915(struct drm_device *dev)
{
	return container_of(dev, struct drm_i915_private, drm);
}

int example_mutex_lock_interruptible(struct drm_device *dev)
{
	int ret;

	ret = example_wait_for_error(dev);
	if (ret)
		return ret;

	ret = mutex_lock_interruptible(&dev->struct_mutex);
	if (ret)
		return ret;

	WARN_ON(example_verify(dev));
	return 0;
}

int example_pwrite_ioctl(struct drm_device *dev, void *data)
{
	struct drm_i915_private *i915 = to_i915(dev);
	char *buf;
	int ret;

	ret = example_mutex_lock_interruptible(dev);
	if (ret)
		return ret;

	buf = kmalloc(64, GFP_KERNEL);
	if (copy_from_user(buf, data, 64)) {
		ret = -EFAULT;
		goto unlock;
	}
	spin_lock(&i915->mm.obj_lock);
	spin_unlock(&i915->mm.obj_lock);
unlock:
	mutex_unlock(&dev->struct_mutex);
	return ret;
}

int example_pread_ioctl(struct drm_device *dev, void *data)
{
	int ret;

	if ((ret = example_mutex_lock_interruptible(dev)) < 0)
		return ret;
	copy_to_user(data, dev, 8);
	mutex_unlock(&dev->struct_mutex);
	return 0;
}
