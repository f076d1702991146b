/*
 * A trylock helper that reports through its result and an out-flag whether the caller
 * must unlock: false means "not held". The caller's early return on false keeps nothing,
 * and its unlock helper (tested on the flag) drops the lock.
 */
struct mutex { int owner; };
struct example_dev { struct mutex big_lock; struct mutex list_lock; };

static bool example_shrinker_lock(struct example_dev *dev, bool *unlock)
{
	switch (mutex_trylock_recursive(&dev->big_lock)) {
	case MUTEX_TRYLOCK_RECURSIVE:
		*unlock = false;
		return true;

	case MUTEX_TRYLOCK_FAILED:
		*unlock = false;
		do {
			cpu_relax();
			if (mutex_trylock(&dev->big_lock)) {
				*unlock = true;
				break;
			}
		} while (!need_resched());
		return *unlock;

	case MUTEX_TRYLOCK_SUCCESS:
		*unlock = true;
		return true;
	}

	BUG();
}

static void example_shrinker_unlock(struct example_dev *dev, bool unlock)
{
	if (!unlock)
		return;
	mutex_unlock(&dev->big_lock);
}

unsigned long example_shrink(struct example_dev *dev)
{
	bool unlock;

	if (!example_shrinker_lock(dev, &unlock))
		return 0;
	example_drop_pages(dev);
	example_shrinker_unlock(dev, unlock);
	return 1;
}

void example_drop_caches(struct example_dev *dev)
{
	example_shrink(dev);
	mutex_lock(&dev->list_lock);
	mutex_unlock(&dev->list_lock);
}
