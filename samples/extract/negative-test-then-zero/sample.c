/*
 * `if (lret < 0) return lret; else if (lret == 0) return -EBUSY;` and what follows: the
 * false side of `lret < 0` says lret >= 0, not lret == 0, so the code after both tests is
 * reachable and its locks are seen.
 */
struct example_glob { spinlock_t lru_lock; };
struct example_bo { struct example_glob *glob; struct ww_mutex lock; };

static int example_cleanup_and_unlock(struct example_bo *bo)
{
	struct example_glob *glob = bo->glob;
	long lret;

	ww_mutex_unlock(&bo->lock);
	spin_unlock(&glob->lru_lock);

	lret = example_wait_idle(bo);
	if (lret < 0)
		return lret;
	else if (lret == 0)
		return -EBUSY;

	spin_lock(&glob->lru_lock);
	if (!ww_mutex_trylock(&bo->lock)) {
		spin_unlock(&glob->lru_lock);
		return 0;
	}
	ww_mutex_unlock(&bo->lock);
	spin_unlock(&glob->lru_lock);
	return 0;
}
