/*
 * i915_drv.h -- private state of the i915 driver and its GEM objects
 */

#ifndef _I915_DRV_H_
#define _I915_DRV_H_

#include <linux/mmu_notifier.h>
#include "drmP.h"
#include "i915_drm.h"

#define DRIVER_NAME		"i915"
#define DRIVER_DESC		"Intel Graphics"

#define I915_GEM_GPU_DOMAINS	0x3e

typedef struct drm_i915_private {
	struct drm_device *dev;

	void __iomem *regs;

	/* CPU mapping of the whole aperture, write-combined */
	void __iomem *gtt_vaddr;
	resource_size_t gtt_base_addr;
	unsigned long gtt_size;

	/* Protects the seqno/irq state below; taken in the irq handler. */
	spinlock_t user_irq_lock;
	int user_irq_refcount;
	uint32_t irq_mask_reg;
	wait_queue_head_t irq_queue;
	uint32_t last_seqno;

	struct {
		/* the GTT address space */
		struct drm_mm gtt_space;

		/* bound objects the GPU may be using */
		struct list_head active_list;
		/* bound objects the GPU is done with, in LRU order */
		struct list_head inactive_list;
		/* userptr objects, to find them again on exit */
		struct list_head userptr_list;

		int inactive_count;

		struct shrinker shrinker;
	} mm;
} drm_i915_private_t;

/* The driver's half of a GEM buffer object. */
struct drm_i915_gem_object {
	struct drm_gem_object *obj;

	/* Position in the GTT, or NULL when unbound */
	struct drm_mm_node *gtt_space;
	uint32_t gtt_offset;

	/* link on mm.active_list or mm.inactive_list */
	struct list_head list;

	/* pin_count > 0 keeps the object bound (and out of eviction) */
	int pin_count;

	/* Set when a GTT fault has inserted PTEs for userspace. */
	unsigned int fault_mappable : 1;
	unsigned int active : 1;

	uint32_t last_rendering_seqno;

	/* backing pages while bound */
	struct page **pages;

	/* userptr objects: pages pinned from another process' memory */
	unsigned int userptr : 1;
	unsigned int userptr_invalid : 1;
	unsigned long userptr_addr;
	struct mm_struct *userptr_mm;
	struct mmu_notifier mn;
	struct list_head userptr_link;
};

static inline struct drm_i915_private *to_i915(struct drm_device *dev)
{
	return dev->dev_private;
}

/* i915_dma.c */
extern struct drm_ioctl_desc i915_ioctls[];
extern int i915_max_ioctl;

/* i915_gem.c */
int i915_mutex_lock_interruptible(struct drm_device *dev);
int i915_gem_create_ioctl(struct drm_device *dev, void *data,
			  struct drm_file *file_priv);
int i915_gem_pread_ioctl(struct drm_device *dev, void *data,
			 struct drm_file *file_priv);
int i915_gem_pwrite_ioctl(struct drm_device *dev, void *data,
			  struct drm_file *file_priv);
int i915_gem_mmap_gtt_ioctl(struct drm_device *dev, void *data,
			    struct drm_file *file_priv);
int i915_gem_evict_ioctl(struct drm_device *dev, void *data,
			 struct drm_file *file_priv);
int i915_gem_userptr_ioctl(struct drm_device *dev, void *data,
			   struct drm_file *file_priv);
int i915_gem_mmap(struct file *filp, struct vm_area_struct *vma);
int i915_gem_fault(struct vm_area_struct *vma, struct vm_fault *vmf);
int i915_gem_object_pin(struct drm_gem_object *obj, uint32_t alignment);
void i915_gem_object_unpin(struct drm_gem_object *obj);
int i915_gem_object_unbind(struct drm_gem_object *obj);
void i915_gem_release_mmap(struct drm_gem_object *obj);
int i915_gem_evict_something(struct drm_device *dev);
void i915_gem_retire_requests(struct drm_device *dev);
int i915_gem_load(struct drm_device *dev);
void i915_gem_unload(struct drm_device *dev);

/* i915_gtt.c */
void i915_gem_gtt_bind_pages(struct drm_device *dev, struct page **pages,
			     int page_count, uint32_t gtt_offset);
void i915_gem_gtt_clear_range(struct drm_device *dev, uint32_t gtt_offset,
			      int page_count);

/* i915_irq.c */
uint32_t i915_get_gem_seqno(struct drm_device *dev);

#define I915_READ(reg)		readl(to_i915(dev)->regs + (reg))
#define I915_WRITE(reg, val)	writel(val, to_i915(dev)->regs + (reg))

#define IIR		0x020a4
#define IMR		0x020a8
#define USER_INTERRUPT	(1 << 1)

static inline int i915_seqno_passed(uint32_t seq1, uint32_t seq2)
{
	return (int32_t)(seq1 - seq2) >= 0;
}

#endif /* _I915_DRV_H_ */
