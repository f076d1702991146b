/*
 * i915_gem.c -- GEM buffer objects for the Intel integrated graphics
 *
 * Locking: dev->struct_mutex protects the object lists, the GTT and each
 * object's binding.  The page-fault handler takes it with the faulting
 * process' mmap_sem held, so nothing may fault on user memory or zap user
 * mappings while holding struct_mutex.
 */

#include <linux/swap.h>
#include <linux/pagemap.h>
#include <linux/highmem.h>
#include <linux/mmu_notifier.h>
#include <linux/sched.h>
#include "drmP.h"
#include "i915_drm.h"
#include "i915_drv.h"

static int i915_gem_object_bind_to_gtt(struct drm_gem_object *obj,
				       unsigned alignment);
static int i915_gem_object_wait_rendering(struct drm_gem_object *obj);

/*
 * Take struct_mutex, giving up on a signal.  Returns 0 with the lock held,
 * or the error without it.
 */
int
i915_mutex_lock_interruptible(struct drm_device *dev)
{
	int ret;

	ret = mutex_lock_interruptible(&dev->struct_mutex);
	if (ret)
		return ret;

	return 0;
}

static int
i915_gem_object_get_pages(struct drm_gem_object *obj)
{
	struct drm_i915_gem_object *obj_priv = obj->driver_private;
	struct address_space *mapping;
	struct page *page;
	int page_count, i;

	if (obj_priv->pages != NULL || obj_priv->userptr)
		return 0;

	page_count = obj->size / PAGE_SIZE;
	obj_priv->pages = kcalloc(page_count, sizeof(struct page *),
				  GFP_KERNEL);
	if (obj_priv->pages == NULL)
		return -ENOMEM;

	mapping = obj->filp->f_path.dentry->d_inode->i_mapping;
	for (i = 0; i < page_count; i++) {
		page = read_mapping_page(mapping, i, NULL);
		if (IS_ERR(page))
			goto err_pages;
		obj_priv->pages[i] = page;
	}
	return 0;

err_pages:
	while (i--)
		page_cache_release(obj_priv->pages[i]);
	kfree(obj_priv->pages);
	obj_priv->pages = NULL;
	return PTR_ERR(page);
}

static void
i915_gem_object_put_pages(struct drm_gem_object *obj)
{
	struct drm_i915_gem_object *obj_priv = obj->driver_private;
	int page_count = obj->size / PAGE_SIZE;
	int i;

	/* userptr pages stay pinned until the notifier or close drops them */
	if (obj_priv->pages == NULL || obj_priv->userptr)
		return;

	for (i = 0; i < page_count; i++) {
		set_page_dirty(obj_priv->pages[i]);
		mark_page_accessed(obj_priv->pages[i]);
		page_cache_release(obj_priv->pages[i]);
	}
	kfree(obj_priv->pages);
	obj_priv->pages = NULL;
}

static struct drm_gem_object *
i915_gem_object_alloc(struct drm_device *dev, size_t size)
{
	struct drm_gem_object *obj;
	struct drm_i915_gem_object *obj_priv;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (obj == NULL)
		return NULL;

	obj_priv = kzalloc(sizeof(*obj_priv), GFP_KERNEL);
	if (obj_priv == NULL)
		goto err_obj;

	if (drm_gem_object_init(dev, obj, size))
		goto err_priv;

	obj->driver_private = obj_priv;
	obj_priv->obj = obj;
	INIT_LIST_HEAD(&obj_priv->list);
	INIT_LIST_HEAD(&obj_priv->userptr_link);
	return obj;

err_priv:
	kfree(obj_priv);
err_obj:
	kfree(obj);
	return NULL;
}

/*
 * Allocation under struct_mutex may enter reclaim; that is fine because
 * our shrinker only ever trylocks struct_mutex.
 */
int
i915_gem_create_ioctl(struct drm_device *dev, void *data,
		      struct drm_file *file_priv)
{
	struct drm_i915_gem_create *args = data;
	struct drm_gem_object *obj;
	int handle, ret;

	args->size = roundup(args->size, PAGE_SIZE);
	if (args->size == 0)
		return -EINVAL;

	ret = i915_mutex_lock_interruptible(dev);
	if (ret)
		return ret;

	obj = i915_gem_object_alloc(dev, args->size);
	if (obj == NULL) {
		ret = -ENOMEM;
		goto out_unlock;
	}

	ret = drm_gem_handle_create(file_priv, obj, &handle);
	if (ret)
		goto out_unlock;

	args->handle = handle;
out_unlock:
	mutex_unlock(&dev->struct_mutex);
	return ret;
}

/* Copies between a kernel buffer and the aperture: never faults. */
static void
i915_gem_gtt_pwrite(struct drm_device *dev, struct drm_gem_object *obj,
		    loff_t offset, const char *src, size_t len)
{
	drm_i915_private_t *dev_priv = to_i915(dev);
	struct drm_i915_gem_object *obj_priv = obj->driver_private;

	memcpy_toio(dev_priv->gtt_vaddr + obj_priv->gtt_offset + offset,
		    src, len);
}

static void
i915_gem_gtt_pread(struct drm_device *dev, struct drm_gem_object *obj,
		   loff_t offset, char *dst, size_t len)
{
	drm_i915_private_t *dev_priv = to_i915(dev);
	struct drm_i915_gem_object *obj_priv = obj->driver_private;

	memcpy_fromio(dst, dev_priv->gtt_vaddr + obj_priv->gtt_offset + offset,
		      len);
}

/*
 * Reads data from the object.  The copy to the user happens after
 * struct_mutex is dropped: it may fault, and the fault handler takes
 * struct_mutex with mmap_sem held.
 */
int
i915_gem_pread_ioctl(struct drm_device *dev, void *data,
		     struct drm_file *file_priv)
{
	struct drm_i915_gem_pread *args = data;
	struct drm_gem_object *obj;
	char __user *user_data;
	char *bounce;
	int ret;

	obj = drm_gem_object_lookup(dev, file_priv, args->handle);
	if (obj == NULL)
		return -EBADF;

	if (args->offset > obj->size ||
	    args->size > obj->size - args->offset) {
		ret = -EINVAL;
		goto out_unref;
	}

	user_data = (char __user *) (uintptr_t) args->data_ptr;
	bounce = kmalloc(args->size, GFP_KERNEL);
	if (bounce == NULL) {
		ret = -ENOMEM;
		goto out_unref;
	}

	ret = i915_mutex_lock_interruptible(dev);
	if (ret)
		goto out_free;

	ret = i915_gem_object_pin(obj, 0);
	if (ret)
		goto out_unlock;

	ret = i915_gem_object_wait_rendering(obj);
	if (ret == 0)
		i915_gem_gtt_pread(dev, obj, args->offset, bounce, args->size);

	i915_gem_object_unpin(obj);
out_unlock:
	mutex_unlock(&dev->struct_mutex);

	if (ret == 0 && copy_to_user(user_data, bounce, args->size))
		ret = -EFAULT;
out_free:
	kfree(bounce);
out_unref:
	drm_gem_object_unreference(obj);
	return ret;
}

/*
 * Writes data to the object.  The user data is copied into a bounce
 * buffer before struct_mutex is taken, for the same reason as in pread.
 */
int
i915_gem_pwrite_ioctl(struct drm_device *dev, void *data,
		      struct drm_file *file_priv)
{
	struct drm_i915_gem_pwrite *args = data;
	struct drm_gem_object *obj;
	char __user *user_data;
	char *bounce;
	int ret;

	obj = drm_gem_object_lookup(dev, file_priv, args->handle);
	if (obj == NULL)
		return -EBADF;

	if (args->offset > obj->size ||
	    args->size > obj->size - args->offset) {
		ret = -EINVAL;
		goto out_unref;
	}

	user_data = (char __user *) (uintptr_t) args->data_ptr;
	bounce = kmalloc(args->size, GFP_KERNEL);
	if (bounce == NULL) {
		ret = -ENOMEM;
		goto out_unref;
	}

	if (copy_from_user(bounce, user_data, args->size)) {
		ret = -EFAULT;
		goto out_free;
	}

	ret = i915_mutex_lock_interruptible(dev);
	if (ret)
		goto out_free;

	ret = i915_gem_object_pin(obj, 0);
	if (ret)
		goto out_unlock;

	ret = i915_gem_object_wait_rendering(obj);
	if (ret == 0)
		i915_gem_gtt_pwrite(dev, obj, args->offset, bounce, args->size);

	i915_gem_object_unpin(obj);
out_unlock:
	mutex_unlock(&dev->struct_mutex);
out_free:
	kfree(bounce);
out_unref:
	drm_gem_object_unreference(obj);
	return ret;
}

static void
i915_user_irq_get(struct drm_device *dev)
{
	drm_i915_private_t *dev_priv = to_i915(dev);
	unsigned long irqflags;

	spin_lock_irqsave(&dev_priv->user_irq_lock, irqflags);
	if (dev->irq_enabled && (++dev_priv->user_irq_refcount == 1)) {
		dev_priv->irq_mask_reg &= ~USER_INTERRUPT;
		I915_WRITE(IMR, dev_priv->irq_mask_reg);
	}
	spin_unlock_irqrestore(&dev_priv->user_irq_lock, irqflags);
}

static void
i915_user_irq_put(struct drm_device *dev)
{
	drm_i915_private_t *dev_priv = to_i915(dev);
	unsigned long irqflags;

	spin_lock_irqsave(&dev_priv->user_irq_lock, irqflags);
	if (dev->irq_enabled && (--dev_priv->user_irq_refcount == 0)) {
		dev_priv->irq_mask_reg |= USER_INTERRUPT;
		I915_WRITE(IMR, dev_priv->irq_mask_reg);
	}
	spin_unlock_irqrestore(&dev_priv->user_irq_lock, irqflags);
}

/* Waits for the GPU to finish with the object.  Called with struct_mutex. */
static int
i915_gem_object_wait_rendering(struct drm_gem_object *obj)
{
	struct drm_device *dev = obj->dev;
	drm_i915_private_t *dev_priv = to_i915(dev);
	struct drm_i915_gem_object *obj_priv = obj->driver_private;
	uint32_t seqno = obj_priv->last_rendering_seqno;
	int ret;

	if (!obj_priv->active)
		return 0;

	i915_user_irq_get(dev);
	ret = wait_event_interruptible(dev_priv->irq_queue,
			i915_seqno_passed(i915_get_gem_seqno(dev), seqno));
	i915_user_irq_put(dev);

	if (ret == 0)
		i915_gem_retire_requests(dev);
	return ret;
}

void
i915_gem_retire_requests(struct drm_device *dev)
{
	drm_i915_private_t *dev_priv = to_i915(dev);
	struct drm_i915_gem_object *obj_priv, *next;
	uint32_t seqno = i915_get_gem_seqno(dev);

	list_for_each_entry_safe(obj_priv, next, &dev_priv->mm.active_list,
				 list) {
		if (!i915_seqno_passed(seqno, obj_priv->last_rendering_seqno))
			break;
		obj_priv->active = 0;
		list_move_tail(&obj_priv->list, &dev_priv->mm.inactive_list);
		dev_priv->mm.inactive_count++;
	}
}

/*
 * Zaps the user's GTT mappings of the object, so that the next access
 * faults and rebinds it.  unmap_mapping_range() takes the i_mmap lock
 * of the device's address_space: never call this with struct_mutex held.
 */
void
i915_gem_release_mmap(struct drm_gem_object *obj)
{
	struct drm_device *dev = obj->dev;
	struct drm_i915_gem_object *obj_priv = obj->driver_private;
	loff_t offset;

	if (dev->dev_mapping == NULL || obj->map_list.file_offset_node == NULL)
		return;

	/* cleared first: a fault racing with the zap sets it again */
	obj_priv->fault_mappable = 0;
	offset = (loff_t) obj->map_list.hash_key << PAGE_SHIFT;
	unmap_mapping_range(dev->dev_mapping, offset, obj->size, 1);
}

/*
 * Removes the object from the GTT.  An object that userspace still has
 * faulted in through the GTT cannot be unbound here: its mappings must
 * be zapped first, without struct_mutex (see i915_gem_release_mmap).
 */
int
i915_gem_object_unbind(struct drm_gem_object *obj)
{
	struct drm_device *dev = obj->dev;
	drm_i915_private_t *dev_priv = to_i915(dev);
	struct drm_i915_gem_object *obj_priv = obj->driver_private;
	int ret;

	lockdep_assert_held(&dev->struct_mutex);

	if (obj_priv->gtt_space == NULL)
		return 0;

	if (obj_priv->pin_count != 0) {
		DRM_ERROR("Attempting to unbind pinned buffer\n");
		return -EINVAL;
	}

	if (obj_priv->fault_mappable)
		return -EBUSY;

	ret = i915_gem_object_wait_rendering(obj);
	if (ret)
		return ret;

	i915_gem_gtt_clear_range(dev, obj_priv->gtt_offset,
				 obj->size >> PAGE_SHIFT);
	i915_gem_object_put_pages(obj);

	drm_mm_put_block(obj_priv->gtt_space);
	obj_priv->gtt_space = NULL;
	obj_priv->gtt_offset = 0;

	if (!list_empty(&obj_priv->list)) {
		list_del_init(&obj_priv->list);
		dev_priv->mm.inactive_count--;
	}
	return 0;
}

/*
 * Unbinds the least recently used inactive object to make room in the
 * GTT.  Objects mapped through the GTT are skipped: they cannot be
 * unbound under struct_mutex.
 */
int
i915_gem_evict_something(struct drm_device *dev)
{
	drm_i915_private_t *dev_priv = to_i915(dev);
	struct drm_i915_gem_object *obj_priv, *next;

	list_for_each_entry_safe(obj_priv, next, &dev_priv->mm.inactive_list,
				 list) {
		if (obj_priv->pin_count != 0)
			continue;
		if (obj_priv->fault_mappable)
			continue;

		return i915_gem_object_unbind(obj_priv->obj);
	}

	DRM_DEBUG("GTT full, nothing left to evict\n");
	return -ENOSPC;
}

static int
i915_gem_object_bind_to_gtt(struct drm_gem_object *obj, unsigned alignment)
{
	struct drm_device *dev = obj->dev;
	drm_i915_private_t *dev_priv = to_i915(dev);
	struct drm_i915_gem_object *obj_priv = obj->driver_private;
	struct drm_mm_node *free_space;
	int ret;

	if (obj_priv->userptr_invalid)
		return -EFAULT;
	if (alignment == 0)
		alignment = PAGE_SIZE;

search_free:
	free_space = drm_mm_search_free(&dev_priv->mm.gtt_space, obj->size,
					alignment, 0);
	if (free_space != NULL)
		obj_priv->gtt_space = drm_mm_get_block(free_space, obj->size,
						       alignment);
	if (obj_priv->gtt_space == NULL) {
		ret = i915_gem_evict_something(dev);
		if (ret)
			return ret;
		goto search_free;
	}
	obj_priv->gtt_offset = obj_priv->gtt_space->start;

	ret = i915_gem_object_get_pages(obj);
	if (ret) {
		drm_mm_put_block(obj_priv->gtt_space);
		obj_priv->gtt_space = NULL;
		return ret;
	}

	i915_gem_gtt_bind_pages(dev, obj_priv->pages, obj->size >> PAGE_SHIFT,
				obj_priv->gtt_offset);
	list_add_tail(&obj_priv->list, &dev_priv->mm.inactive_list);
	dev_priv->mm.inactive_count++;
	return 0;
}

int
i915_gem_object_pin(struct drm_gem_object *obj, uint32_t alignment)
{
	struct drm_device *dev = obj->dev;
	drm_i915_private_t *dev_priv = to_i915(dev);
	struct drm_i915_gem_object *obj_priv = obj->driver_private;
	int ret;

	BUG_ON(!mutex_is_locked(&dev->struct_mutex));

	if (obj_priv->gtt_space == NULL) {
		ret = i915_gem_object_bind_to_gtt(obj, alignment);
		if (ret)
			return ret;
	}

	/* pinned objects live on no list, so eviction never sees them */
	if (obj_priv->pin_count++ == 0 && !obj_priv->active) {
		list_del_init(&obj_priv->list);
		dev_priv->mm.inactive_count--;
	}
	return 0;
}

void
i915_gem_object_unpin(struct drm_gem_object *obj)
{
	struct drm_device *dev = obj->dev;
	drm_i915_private_t *dev_priv = to_i915(dev);
	struct drm_i915_gem_object *obj_priv = obj->driver_private;

	WARN_ON(!mutex_is_locked(&dev->struct_mutex));
	BUG_ON(obj_priv->pin_count == 0);

	if (--obj_priv->pin_count == 0 && !obj_priv->active) {
		list_move_tail(&obj_priv->list, &dev_priv->mm.inactive_list);
		dev_priv->mm.inactive_count++;
	}
}

/*
 * Called by the core with the faulting process' mmap_sem held for read.
 * Binds the object into the GTT if needed and inserts the aperture pfn.
 */
int
i915_gem_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	struct drm_gem_object *obj = vma->vm_private_data;
	struct drm_device *dev = obj->dev;
	drm_i915_private_t *dev_priv = to_i915(dev);
	struct drm_i915_gem_object *obj_priv = obj->driver_private;
	pgoff_t page_offset;
	unsigned long pfn;
	int ret;

	page_offset = ((unsigned long) vmf->virtual_address - vma->vm_start) >>
		PAGE_SHIFT;

	mutex_lock(&dev->struct_mutex);
	if (obj_priv->gtt_space == NULL) {
		ret = i915_gem_object_bind_to_gtt(obj, 0);
		if (ret)
			goto unlock;
	}

	pfn = ((dev_priv->gtt_base_addr + obj_priv->gtt_offset) >> PAGE_SHIFT) +
		page_offset;
	ret = vm_insert_pfn(vma, (unsigned long) vmf->virtual_address, pfn);
	if (ret == 0)
		obj_priv->fault_mappable = 1;
unlock:
	mutex_unlock(&dev->struct_mutex);

	switch (ret) {
	case 0:
	case -ERESTARTSYS:
	case -EBUSY:
		/* -EBUSY: another thread inserted the pfn first */
		return VM_FAULT_NOPAGE;
	case -ENOMEM:
		return VM_FAULT_OOM;
	default:
		return VM_FAULT_SIGBUS;
	}
}

static struct vm_operations_struct i915_gem_vm_ops = {
	.fault = i915_gem_fault,
	.open = drm_gem_vm_open,
	.close = drm_gem_vm_close,
};

/* mmap() of a fake offset handed out by the mmap_gtt ioctl */
int
i915_gem_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct drm_file *file_priv = filp->private_data;
	struct drm_device *dev = file_priv->minor->dev;
	struct drm_gem_object *obj;

	obj = drm_gem_mmap_lookup(dev, vma->vm_pgoff);
	if (obj == NULL)
		return -EINVAL;

	vma->vm_flags |= VM_RESERVED | VM_IO | VM_PFNMAP | VM_DONTEXPAND;
	vma->vm_page_prot =
		pgprot_writecombine(vm_get_page_prot(vma->vm_flags));
	vma->vm_ops = &i915_gem_vm_ops;
	vma->vm_private_data = obj;
	return 0;
}

int
i915_gem_mmap_gtt_ioctl(struct drm_device *dev, void *data,
			struct drm_file *file_priv)
{
	struct drm_i915_gem_mmap_gtt *args = data;
	struct drm_i915_gem_object *obj_priv;
	struct drm_gem_object *obj;
	int ret;

	obj = drm_gem_object_lookup(dev, file_priv, args->handle);
	if (obj == NULL)
		return -EBADF;

	/* userptr pages are not ours to hand out through the aperture */
	obj_priv = obj->driver_private;
	if (obj_priv->userptr) {
		ret = -EINVAL;
		goto out_unref;
	}

	ret = i915_mutex_lock_interruptible(dev);
	if (ret)
		goto out_unref;

	if (obj->map_list.file_offset_node == NULL) {
		ret = drm_gem_create_mmap_offset(obj);
		if (ret)
			goto out_unlock;
	}
	args->offset = (uint64_t) obj->map_list.hash_key << PAGE_SHIFT;

out_unlock:
	mutex_unlock(&dev->struct_mutex);
out_unref:
	drm_gem_object_unreference(obj);
	return ret;
}

/*
 * Moves an object out of the GTT, e.g. before userspace changes its
 * tiling.  The user mappings are zapped before struct_mutex is taken; if
 * the object was faulted in again meanwhile, report -EBUSY.
 */
int
i915_gem_evict_ioctl(struct drm_device *dev, void *data,
		     struct drm_file *file_priv)
{
	struct drm_i915_gem_evict *args = data;
	struct drm_gem_object *obj;
	int ret;

	obj = drm_gem_object_lookup(dev, file_priv, args->handle);
	if (obj == NULL)
		return -EBADF;

	i915_gem_release_mmap(obj);

	ret = i915_mutex_lock_interruptible(dev);
	if (ret)
		goto out_unref;

	ret = i915_gem_object_unbind(obj);

	mutex_unlock(&dev->struct_mutex);
out_unref:
	drm_gem_object_unreference(obj);
	return ret;
}

static void
i915_gem_userptr_put_pages(struct drm_gem_object *obj)
{
	struct drm_i915_gem_object *obj_priv = obj->driver_private;
	int page_count = obj->size / PAGE_SIZE;
	int i;

	if (obj_priv->pages == NULL)
		return;

	for (i = 0; i < page_count; i++)
		put_page(obj_priv->pages[i]);
	kfree(obj_priv->pages);
	obj_priv->pages = NULL;
}

/*
 * The core is about to change the page tables of [start, end) in the
 * process that created a userptr object: stop using its pages.
 */
static void
i915_gem_userptr_invalidate_range_start(struct mmu_notifier *mn,
					struct mm_struct *mm,
					unsigned long start,
					unsigned long end)
{
	struct drm_i915_gem_object *obj_priv =
		container_of(mn, struct drm_i915_gem_object, mn);
	struct drm_gem_object *obj = obj_priv->obj;
	struct drm_device *dev = obj->dev;

	if (end <= obj_priv->userptr_addr ||
	    start >= obj_priv->userptr_addr + obj->size)
		return;

	mutex_lock(&dev->struct_mutex);
	if (i915_gem_object_unbind(obj) == 0) {
		i915_gem_userptr_put_pages(obj);
		obj_priv->userptr_invalid = 1;
	}
	mutex_unlock(&dev->struct_mutex);
}

static const struct mmu_notifier_ops i915_gem_userptr_notifier = {
	.invalidate_range_start = i915_gem_userptr_invalidate_range_start,
};

/*
 * Wraps anonymous user memory in a GEM object.  The pages are pinned and
 * the notifier registered before struct_mutex is taken: both take
 * mmap_sem.
 */
int
i915_gem_userptr_ioctl(struct drm_device *dev, void *data,
		       struct drm_file *file_priv)
{
	drm_i915_private_t *dev_priv = to_i915(dev);
	struct drm_i915_gem_userptr *args = data;
	struct drm_i915_gem_object *obj_priv;
	struct drm_gem_object *obj;
	int page_count, pinned, handle, ret;

	if (args->user_size == 0 || (args->user_ptr | args->user_size) &
	    ~PAGE_MASK)
		return -EINVAL;

	obj = i915_gem_object_alloc(dev, args->user_size);
	if (obj == NULL)
		return -ENOMEM;
	obj_priv = obj->driver_private;
	obj_priv->userptr = 1;
	obj_priv->userptr_addr = args->user_ptr;
	obj_priv->userptr_mm = current->mm;

	page_count = args->user_size >> PAGE_SHIFT;
	obj_priv->pages = kcalloc(page_count, sizeof(struct page *),
				  GFP_KERNEL);
	if (obj_priv->pages == NULL) {
		ret = -ENOMEM;
		goto err_unref;
	}

	pinned = get_user_pages_fast(args->user_ptr, page_count, 1,
				     obj_priv->pages);
	if (pinned < page_count) {
		while (pinned > 0)
			put_page(obj_priv->pages[--pinned]);
		ret = -EFAULT;
		goto err_pages;
	}

	obj_priv->mn.ops = &i915_gem_userptr_notifier;
	ret = mmu_notifier_register(&obj_priv->mn, current->mm);
	if (ret)
		goto err_put;

	ret = i915_mutex_lock_interruptible(dev);
	if (ret)
		goto err_notifier;

	ret = drm_gem_handle_create(file_priv, obj, &handle);
	if (ret == 0)
		list_add(&obj_priv->userptr_link, &dev_priv->mm.userptr_list);

	mutex_unlock(&dev->struct_mutex);
	if (ret)
		goto err_notifier;

	args->handle = handle;
	return 0;

err_notifier:
	mmu_notifier_unregister(&obj_priv->mn, current->mm);
err_put:
	i915_gem_userptr_put_pages(obj);
err_pages:
	kfree(obj_priv->pages);
	obj_priv->pages = NULL;
err_unref:
	drm_gem_object_unreference(obj);
	return ret;
}

static unsigned long
i915_gem_shrink_count(struct shrinker *shrinker, struct shrink_control *sc)
{
	drm_i915_private_t *dev_priv =
		container_of(shrinker, drm_i915_private_t, mm.shrinker);

	return dev_priv->mm.inactive_count;
}

/*
 * Called from reclaim, possibly by a task that holds struct_mutex and is
 * allocating: only ever trylock it.
 */
static unsigned long
i915_gem_shrink(struct shrinker *shrinker, struct shrink_control *sc)
{
	drm_i915_private_t *dev_priv =
		container_of(shrinker, drm_i915_private_t, mm.shrinker);
	struct drm_device *dev = dev_priv->dev;
	struct drm_i915_gem_object *obj_priv, *next;
	unsigned long freed = 0;

	if (!mutex_trylock(&dev->struct_mutex))
		return 0;

	list_for_each_entry_safe(obj_priv, next, &dev_priv->mm.inactive_list,
				 list) {
		if (freed >= sc->nr_to_scan)
			break;
		if (obj_priv->pin_count != 0 || obj_priv->userptr)
			continue;
		if (i915_gem_object_unbind(obj_priv->obj) == 0)
			freed += obj_priv->obj->size >> PAGE_SHIFT;
	}

	mutex_unlock(&dev->struct_mutex);
	return freed;
}

int
i915_gem_load(struct drm_device *dev)
{
	drm_i915_private_t *dev_priv = to_i915(dev);

	INIT_LIST_HEAD(&dev_priv->mm.active_list);
	INIT_LIST_HEAD(&dev_priv->mm.inactive_list);
	INIT_LIST_HEAD(&dev_priv->mm.userptr_list);
	drm_mm_init(&dev_priv->mm.gtt_space, 0, dev_priv->gtt_size);

	dev_priv->mm.shrinker.count_objects = i915_gem_shrink_count;
	dev_priv->mm.shrinker.scan_objects = i915_gem_shrink;
	dev_priv->mm.shrinker.seeks = DEFAULT_SEEKS;
	register_shrinker(&dev_priv->mm.shrinker);
	return 0;
}

void
i915_gem_unload(struct drm_device *dev)
{
	drm_i915_private_t *dev_priv = to_i915(dev);

	unregister_shrinker(&dev_priv->mm.shrinker);
}
