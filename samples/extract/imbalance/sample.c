/* Imbalances: found where real, not where a function's contract explains them. */
struct mutex { int owner; };
struct drm_device { struct mutex struct_mutex; int busy; };

int leaks_on_error(struct drm_device *dev)
{
	mutex_lock(&dev->struct_mutex);
	if (dev->busy)
		return -EBUSY;
	mutex_unlock(&dev->struct_mutex);
	return 0;
}

int unlocks_twice(struct drm_device *dev)
{
	mutex_lock(&dev->struct_mutex);
	dev->busy = 0;
	mutex_unlock(&dev->struct_mutex);
	kfree(dev);
	mutex_unlock(&dev->struct_mutex);
	return 0;
}

/* Held on one path, released on the other into the same label: maybe, not reported. */
int unlock_on_one_path(struct drm_device *dev)
{
	int ret = 0;

	mutex_lock(&dev->struct_mutex);
	if (dev->busy) {
		ret = -EBUSY;
		goto out_unlock;
	}
	mutex_unlock(&dev->struct_mutex);
	ret = 1;
out_unlock:
	mutex_unlock(&dev->struct_mutex);
	return ret;
}

bool trylock_like(struct drm_device *dev)
{
	if (dev->busy)
		return false;
	mutex_lock(&dev->struct_mutex);
	return true;
}

int lock_for_caller(struct drm_device *dev)
{
	int ret;

	ret = mutex_lock_interruptible(&dev->struct_mutex);
	if (ret)
		return ret;
	if (dev->busy) {
		mutex_unlock(&dev->struct_mutex);
		return -EBUSY;
	}
	return 0;
}

void unlock_for_caller(struct drm_device *dev)
{
	mutex_unlock(&dev->struct_mutex);
}

void conditional_pair(struct drm_device *dev, bool locked)
{
	if (!locked)
		mutex_lock(&dev->struct_mutex);
	dev->busy = 1;
	if (!locked)
		mutex_unlock(&dev->struct_mutex);
}
