/* Summaries across calls: a callee that drops its caller's lock, a callee analysed for
 * the constant it is passed, a caller whose parameter passes the constant on, and an
 * ops-table call. */
struct mutex { int owner; };
struct ww_mutex { int base; };
struct drm_device { struct mutex struct_mutex; struct ww_mutex resv; };
struct obj_ops { int (*get_pages)(struct drm_device *dev); };
struct object { const struct obj_ops *ops; struct drm_device *dev; };

static void drop_and_copy(struct drm_device *dev, void *p)
{
	mutex_unlock(&dev->struct_mutex);
	copy_from_user(p, p, 4);
	mutex_lock(&dev->struct_mutex);
}

int relocate(struct drm_device *dev, void *p)
{
	mutex_lock(&dev->struct_mutex);
	drop_and_copy(dev, p);
	mutex_unlock(&dev->struct_mutex);
	return 0;
}

static inline int reserve(struct drm_device *dev, bool no_wait)
{
	if (no_wait)
		return ww_mutex_trylock(&dev->resv) ? 0 : -EBUSY;
	return ww_mutex_lock(&dev->resv, NULL);
}

static int reserve_outer(struct drm_device *dev, bool no_wait)
{
	return reserve(dev, no_wait);
}

void evict_first(struct drm_device *dev)
{
	reserve(dev, true);
	reserve_outer(dev, true);
	reserve(dev, false);
}

static int shmem_get_pages(struct drm_device *dev)
{
	kmalloc(64, GFP_KERNEL);
	return 0;
}

static const struct obj_ops shmem_ops = {
	.get_pages = shmem_get_pages,
};

int pin_pages(struct object *obj)
{
	mutex_lock(&obj->dev->struct_mutex);
	obj->ops->get_pages(obj->dev);
	mutex_unlock(&obj->dev->struct_mutex);
	return 0;
}

static void clflush_object(struct drm_device *dev, unsigned int flags)
{
	void *work = NULL;

	if (!(flags & CLFLUSH_SYNC))
		work = kmalloc(64, GFP_KERNEL);
	if (work) {
		ww_mutex_lock(&dev->resv, NULL);
		ww_mutex_unlock(&dev->resv);
	}
}

void flush_sync(struct drm_device *dev)
{
	mutex_lock(&dev->struct_mutex);
	clflush_object(dev, CLFLUSH_SYNC);
	mutex_unlock(&dev->struct_mutex);
}

void flush_async(struct drm_device *dev)
{
	mutex_lock(&dev->struct_mutex);
	clflush_object(dev, CLFLUSH_FORCE | CLFLUSH_ASYNC);
	mutex_unlock(&dev->struct_mutex);
}
