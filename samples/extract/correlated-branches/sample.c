/*
 * Lock and unlock under the same test of an unchanged variable: the lock is held between
 * the two tests exactly when the variable is zero, and not at all after the second.
 */
struct mutex { int owner; };
struct example_resv { struct mutex lock; };
struct example_bo { struct example_resv *resv; };
struct example_dev { struct mutex shadow_lock; struct mutex list_lock; };

int example_bo_create(struct example_dev *dev, struct example_bo *bo,
		      struct example_resv *resv)
{
	int r;

	r = example_do_create(bo, resv);
	if (r)
		return r;
	if (!resv)
		mutex_lock(&bo->resv->lock);
	mutex_lock(&dev->shadow_lock);
	mutex_unlock(&dev->shadow_lock);
	if (!resv)
		mutex_unlock(&bo->resv->lock);
	return 0;
}

int example_init(struct example_dev *dev, struct example_bo *bo, struct example_resv *resv)
{
	int r = example_bo_create(dev, bo, resv);

	mutex_lock(&dev->list_lock);
	mutex_unlock(&dev->list_lock);
	return r;
}
