/* Locks a function asserts are held on entry, and might_lock. */
struct mutex { int owner; };
struct drm_device { struct mutex struct_mutex; struct mutex list_lock; };

static void needs_lockdep_assert(struct drm_device *dev)
{
	lockdep_assert_held(&dev->struct_mutex);
	mutex_lock(&dev->list_lock);
	mutex_unlock(&dev->list_lock);
}

static void needs_warn_on(struct drm_device *dev)
{
	WARN_ON(!mutex_is_locked(&dev->struct_mutex));
	kmalloc(8, GFP_KERNEL);
}

static void needs_bug_on(struct drm_device *dev)
{
	BUG_ON(!mutex_is_locked(&dev->struct_mutex));
	mutex_unlock(&dev->struct_mutex);
	mutex_lock(&dev->struct_mutex);
}

static void must_hold(struct drm_device *dev)
	__must_hold(&dev->struct_mutex)
{
	copy_to_user(dev, dev, 4);
}

static void may_take(struct drm_device *dev)
{
	might_lock(&dev->list_lock);
	if (mutex_is_locked(&dev->struct_mutex))
		kmalloc(8, GFP_KERNEL);
}

void caller(struct drm_device *dev)
{
	needs_lockdep_assert(dev);
}
