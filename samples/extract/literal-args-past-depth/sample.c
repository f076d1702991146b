/*
 * A call with literal arguments in a function that is itself analysed for its caller's
 * flag, two specialised calls down: its `example_reserve(bo, true)` still only trylocks
 * (a blocking reserve under the list spinlock would be a false dependency).
 */
struct example_resv { struct ww_mutex lock; };
struct example_bo { struct example_resv *resv; };
struct example_mgr { spinlock_t lru_lock; struct example_bo *first; };

static int example_reserve(struct example_bo *bo, bool no_wait)
{
	if (no_wait)
		return ww_mutex_trylock(&bo->resv->lock) ? 0 : -EBUSY;
	return ww_mutex_lock(&bo->resv->lock, NULL);
}

static int example_evict_first(struct example_mgr *man, bool no_wait_gpu)
{
	struct example_bo *bo = man->first;
	int ret;

	if (no_wait_gpu)
		return -EBUSY;
	spin_lock(&man->lru_lock);
	ret = example_reserve(bo, true);
	spin_unlock(&man->lru_lock);
	if (ret)
		return ret;
	ww_mutex_unlock(&bo->resv->lock);
	return 0;
}

static int example_force_space(struct example_mgr *man, bool no_wait_gpu)
{
	if (no_wait_gpu)
		return -EBUSY;
	return example_evict_first(man, no_wait_gpu);
}

int example_pin_ioctl(struct example_mgr *man)
{
	return example_force_space(man, false);
}
