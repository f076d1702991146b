/*
 * Locks dropped two calls down: unlock_all() calls drop_locks(), which calls unlock() for
 * each lock on the context's list. The caller of unlock_all() no longer holds them.
 */
struct mutex { int owner; };
struct example_lock { struct mutex mutex; struct list_head head; };
struct example_ctx { struct list_head locked; };
struct example_config { struct mutex mutex; struct example_lock crtc; struct example_ctx *ctx; };

void example_unlock(struct example_lock *lock)
{
	list_del_init(&lock->head);
	mutex_unlock(&lock->mutex);
}

void example_drop_locks(struct example_ctx *ctx)
{
	while (!list_empty(&ctx->locked)) {
		struct example_lock *lock;

		lock = list_first_entry(&ctx->locked, struct example_lock, head);
		example_unlock(lock);
	}
}

void example_lock_all(struct example_config *config, struct example_ctx *ctx)
{
	mutex_lock(&config->mutex);
	mutex_lock(&config->crtc.mutex);
	list_add(&config->crtc.head, &ctx->locked);
	config->ctx = ctx;
}

void example_unlock_all(struct example_config *config)
{
	example_drop_locks(config->ctx);
	mutex_unlock(&config->mutex);
}

void example_resume(struct example_config *config, struct example_ctx *ctx)
{
	example_lock_all(config, ctx);
	example_unlock_all(config);
	mutex_lock(&config->mutex);
	mutex_unlock(&config->mutex);
}
