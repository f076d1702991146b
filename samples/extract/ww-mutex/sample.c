/* ww_mutex and reservation locks with an acquire context. */
struct ww_mutex { int base; };
struct ww_acquire_ctx { int stamp; };
struct dma_resv { struct ww_mutex lock; };
struct gem_object { struct dma_resv *resv; struct ww_mutex lock; };

int lock_two(struct gem_object *a, struct gem_object *b)
{
	struct ww_acquire_ctx ctx;
	int ret;

	ww_acquire_init(&ctx, &reservation_ww_class);
	ret = ww_mutex_lock(&a->lock, &ctx);
	if (ret)
		return ret;
	ret = dma_resv_lock(b->resv, &ctx);
	if (ret) {
		ww_mutex_unlock(&a->lock);
		return ret;
	}
	kmalloc(8, GFP_KERNEL);
	dma_resv_unlock(b->resv);
	ww_mutex_unlock(&a->lock);
	return 0;
}
