/*
 * A reserve helper that maps one error code to another: `if (ret == -EINTR) return
 * -ERESTARTSYS;` runs only when the lock call failed, so that return does not hold the
 * lock, and the helper still returns 0 exactly when it holds it.
 */
struct ww_acquire_ctx { int stamp; };
struct example_resv { struct ww_mutex lock; };
struct example_bo { struct example_resv *resv; };
struct example_dev { struct mutex list_lock; };

static inline int example_reserve(struct example_bo *bo, bool interruptible,
				  struct ww_acquire_ctx *ticket)
{
	int ret;

	if (interruptible)
		ret = ww_mutex_lock_interruptible(&bo->resv->lock, ticket);
	else
		ret = ww_mutex_lock(&bo->resv->lock, ticket);
	if (ret == -EINTR)
		return -ERESTARTSYS;
	return ret;
}

int example_pin_all(struct example_dev *dev, struct example_bo *bo)
{
	int r;

	r = example_reserve(bo, true, NULL);
	if (r == 0) {
		example_pin(bo);
		ww_mutex_unlock(&bo->resv->lock);
	}
	mutex_lock(&dev->list_lock);
	mutex_unlock(&dev->list_lock);
	return r;
}
