/* Error unwinding through goto labels, lock held on some labels only. */
struct mutex { int owner; };
struct drm_device { struct mutex struct_mutex; struct mutex config_lock; };

int setup(struct drm_device *dev)
{
	void *a, *b;
	int ret;

	a = kmalloc(32, GFP_KERNEL);
	if (!a)
		return -ENOMEM;

	mutex_lock(&dev->config_lock);
	ret = prepare(dev);
	if (ret)
		goto err_free;

	mutex_lock(&dev->struct_mutex);
	b = kzalloc(64, GFP_KERNEL);
	if (!b) {
		ret = -ENOMEM;
		goto err_unlock;
	}
	mutex_unlock(&dev->struct_mutex);
	mutex_unlock(&dev->config_lock);
	return 0;

err_unlock:
	mutex_unlock(&dev->struct_mutex);
err_free:
	mutex_unlock(&dev->config_lock);
	kfree(a);
	return ret;
}

static int prepare(struct drm_device *dev)
{
	return 0;
}
