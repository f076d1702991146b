/* Which allocations enter fs_reclaim, by GFP mask. */
struct mutex { int owner; };
struct drm_device { struct mutex struct_mutex; };

void allocate(struct drm_device *dev, gfp_t gfp)
{
	mutex_lock(&dev->struct_mutex);
	kmalloc(8, GFP_KERNEL);
	kmalloc(8, GFP_ATOMIC);
	kmalloc(8, GFP_NOWAIT);
	kmalloc(8, GFP_NOFS);
	kmalloc(8, GFP_NOIO);
	kzalloc(8, GFP_KERNEL | __GFP_NOWARN);
	kzalloc(8, GFP_KERNEL & ~__GFP_DIRECT_RECLAIM);
	kcalloc(4, 8, GFP_USER);
	kmalloc(8, gfp);
	vmalloc(4096);
	alloc_page(GFP_HIGHUSER);
	idr_alloc(&dev->idr, dev, 1, 0, GFP_KERNEL);
	mutex_unlock(&dev->struct_mutex);
}
