/*
 * A no-wait reserve helper returns `trylock ? 0 : -EBUSY`: 0 exactly when it holds the
 * lock. The fault-style caller's failure branch (which waits on another mutex and
 * retries) holds nothing.
 */
struct mutex { int owner; };
struct example_resv { struct ww_mutex lock; };
struct example_bo { struct example_resv *resv; struct mutex wait_mutex; };

static inline int example_reserve(struct example_bo *bo, bool no_wait)
{
	if (no_wait) {
		bool success = ww_mutex_trylock(&bo->resv->lock);

		return success ? 0 : -EBUSY;
	}
	return ww_mutex_lock(&bo->resv->lock, NULL);
}

int example_wait_unreserved(struct example_bo *bo)
{
	mutex_lock(&bo->wait_mutex);
	ww_mutex_lock(&bo->resv->lock, NULL);
	ww_mutex_unlock(&bo->resv->lock);
	mutex_unlock(&bo->wait_mutex);
	return 0;
}

int example_fault(struct example_bo *bo)
{
	int ret = example_reserve(bo, true);

	if (ret) {
		example_wait_unreserved(bo);
		return VM_FAULT_RETRY;
	}
	example_map(bo);
	ww_mutex_unlock(&bo->resv->lock);
	return VM_FAULT_NOPAGE;
}
