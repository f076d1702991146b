/*
 * Scan a list for an object whose reservation can be trylocked. The loop leaves it
 * held exactly when `ret` is 0 (`ret = -EBUSY` after giving one back is nonzero), so the
 * `if (ret) return ret;` path holds nothing and the function never returns an error
 * holding it.
 */
struct example_resv { struct ww_mutex lock; };
struct example_bo { struct example_resv *resv; struct list_head lru; bool pinned; };
struct example_mgr { struct list_head lru; spinlock_t lru_lock; struct mutex evict_lock; };

static int example_reserve_nowait(struct example_bo *bo)
{
	bool success = ww_mutex_trylock(&bo->resv->lock);

	return success ? 0 : -EBUSY;
}

static int example_evict_first(struct example_mgr *man)
{
	struct example_bo *bo;
	int ret = -EBUSY;

	spin_lock(&man->lru_lock);
	list_for_each_entry(bo, &man->lru, lru) {
		ret = example_reserve_nowait(bo);
		if (ret)
			continue;
		if (bo->pinned) {
			ww_mutex_unlock(&bo->resv->lock);
			ret = -EBUSY;
			continue;
		}
		break;
	}
	if (ret) {
		spin_unlock(&man->lru_lock);
		return ret;
	}
	spin_unlock(&man->lru_lock);
	example_evict(bo);
	ww_mutex_unlock(&bo->resv->lock);
	return 0;
}

int example_force_space(struct example_mgr *man)
{
	int ret = example_evict_first(man);

	if (ret)
		return ret;
	mutex_lock(&man->evict_lock);
	mutex_unlock(&man->evict_lock);
	return 0;
}

int example_create(struct example_mgr *man)
{
	example_force_space(man);
	mutex_lock(&man->evict_lock);
	mutex_unlock(&man->evict_lock);
	return 0;
}
