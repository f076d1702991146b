/*
 * A lock helper with a lockless fast path: it returns 0 without the lock when the
 * manager needs none, 0 with the lock otherwise, and an error (never holding it) when
 * the interruptible wait is interrupted. A caller's error path must not keep the lock.
 */
struct mutex { int owner; };
struct example_io_manager { struct mutex io_mutex; bool lockless; };
struct example_list { struct mutex lock; };

int example_io_lock(struct example_io_manager *man, bool interruptible)
{
	if (man->lockless)
		return 0;
	if (interruptible)
		return mutex_lock_interruptible(&man->io_mutex);
	mutex_lock(&man->io_mutex);
	return 0;
}

void example_io_unlock(struct example_io_manager *man)
{
	if (man->lockless)
		return;
	mutex_unlock(&man->io_mutex);
}

static int example_move(struct example_io_manager *man)
{
	int ret;

	ret = example_io_lock(man, true);
	if (ret != 0)
		goto out_err;
	example_unmap(man);
	example_io_unlock(man);
	return 0;

out_err:
	return ret;
}

int example_create(struct example_io_manager *man, struct example_list *list)
{
	int ret = example_move(man);

	mutex_lock(&list->lock);
	mutex_unlock(&list->lock);
	return ret;
}

int example_kmap(struct example_io_manager *man, struct example_list *list)
{
	(void) example_io_lock(man, false);
	mutex_lock(&list->lock);
	mutex_unlock(&list->lock);
	example_io_unlock(man);
	return 0;
}
