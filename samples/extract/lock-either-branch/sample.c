/*
 * Both arms of an if take the lock with a call returning 0 when held, into the same
 * variable: after the join it is still held exactly when that variable is 0, so the
 * wrapper is "held when zero" and the caller's `if (r == 0) { … unlock }` balances it.
 */
struct mutex { int owner; };
struct example_resv { struct ww_mutex lock; };
struct example_bo { struct example_resv *resv; };
struct example_dev { struct mutex cfg; };

static inline int example_reserve(struct example_bo *bo, bool interruptible)
{
	int ret;

	if (interruptible)
		ret = ww_mutex_lock_interruptible(&bo->resv->lock, NULL);
	else
		ret = ww_mutex_lock(&bo->resv->lock, NULL);
	return ret;
}

int example_resume(struct example_dev *dev, struct example_bo *bo, bool intr)
{
	int r;

	r = example_reserve(bo, intr);
	if (r == 0) {
		r = example_pin(bo);
		ww_mutex_unlock(&bo->resv->lock);
	}
	mutex_lock(&dev->cfg);
	mutex_unlock(&dev->cfg);
	return r;
}
