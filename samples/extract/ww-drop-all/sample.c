/*
 * prepare() leaves a modeset lock held in the acquire context; finish() takes another
 * instance of the class itself and then drops every lock on the context's list, the one
 * prepare() took included. After finish() the caller holds no modeset lock.
 */
struct mutex { int owner; };
struct ww_acquire_ctx { int stamp; };
struct example_modeset_lock { struct ww_mutex mutex; struct list_head head; };
struct example_acquire_ctx { struct ww_acquire_ctx ww_ctx; struct list_head locked; };
struct example_config {
	struct mutex mutex;
	struct example_modeset_lock crtc;
	struct example_modeset_lock plane;
};

void example_drop_locks(struct example_acquire_ctx *ctx)
{
	while (!list_empty(&ctx->locked)) {
		struct example_modeset_lock *lock;

		lock = list_first_entry(&ctx->locked, struct example_modeset_lock, head);
		list_del_init(&lock->head);
		ww_mutex_unlock(&lock->mutex);
	}
}

void example_prepare(struct example_config *config, struct example_acquire_ctx *ctx)
{
	mutex_lock(&config->mutex);
	ww_mutex_lock(&config->crtc.mutex, &ctx->ww_ctx);
	list_add(&config->crtc.head, &ctx->locked);
}

void example_finish(struct example_config *config, struct example_acquire_ctx *ctx)
{
	ww_mutex_lock(&config->plane.mutex, &ctx->ww_ctx);
	list_add(&config->plane.head, &ctx->locked);
	example_commit(config);
	example_drop_locks(ctx);
	mutex_unlock(&config->mutex);
}

void example_reset(struct example_config *config, struct example_acquire_ctx *ctx)
{
	example_prepare(config, ctx);
	example_finish(config, ctx);
	mutex_lock(&config->mutex);
	mutex_unlock(&config->mutex);
}
