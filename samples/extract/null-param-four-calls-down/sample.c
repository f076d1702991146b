/*
 * A NULL reservation passed down four calls: init_reserved() trylocks its own
 * reservation when none is given and init() unlocks it on the same test. The caller that
 * passes NULL holds nothing afterwards (the budget for carrying a parameter's value down
 * specialised calls must reach that far).
 */
struct mutex { int owner; };
struct example_resv { struct ww_mutex lock; };
struct example_bo { struct example_resv *resv; struct example_resv own; };
struct example_dev { struct mutex list_lock; };

static int example_init_reserved(struct example_bo *bo, struct example_resv *resv)
{
	if (resv)
		bo->resv = resv;
	else
		bo->resv = &bo->own;
	if (!resv)
		WARN_ON(!ww_mutex_trylock(&bo->resv->lock));
	return 0;
}

static int example_init(struct example_bo *bo, struct example_resv *resv)
{
	int ret = example_init_reserved(bo, resv);

	if (ret)
		return ret;
	if (!resv)
		ww_mutex_unlock(&bo->resv->lock);
	return 0;
}

static int example_do_create(struct example_bo *bo, struct example_resv *resv)
{
	return example_init(bo, resv);
}

static int example_bo_create(struct example_bo *bo, struct example_resv *resv)
{
	return example_do_create(bo, resv);
}

int example_gem_create(struct example_dev *dev, struct example_bo *bo)
{
	int r = example_bo_create(bo, NULL);

	mutex_lock(&dev->list_lock);
	mutex_unlock(&dev->list_lock);
	return r;
}
