/*
 * drmP.h -- private header for the DRM core and the drivers built on it
 *
 * Reduced to what the i915 GEM sample needs.
 */

#ifndef _DRM_P_H_
#define _DRM_P_H_

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/interrupt.h>
#include <linux/kref.h>
#include <asm/uaccess.h>

#define DRM_ERROR(fmt, arg...) \
	printk(KERN_ERR "[drm:%s] *ERROR* " fmt, __func__, ##arg)
#define DRM_DEBUG(fmt, arg...) \
	printk(KERN_DEBUG "[drm:%s] " fmt, __func__, ##arg)

#define DRM_AUTH	0x1
#define DRM_MASTER	0x2
#define DRM_ROOT_ONLY	0x4

#define DRM_COMMAND_BASE	0x40
#define DRM_IOCTL_NR(n)		_IOC_NR(n)

struct drm_device;
struct drm_file;

typedef int drm_ioctl_t(struct drm_device *dev, void *data,
			struct drm_file *file_priv);

struct drm_ioctl_desc {
	unsigned int cmd;
	drm_ioctl_t *func;
	int flags;
};

/*
 * Driver ioctls are numbered from 0 in the driver's table; drm_ioctl()
 * subtracts DRM_COMMAND_BASE from the command's number to index it.
 */
#define DRM_IOCTL_DEF(ioctl, _func, _flags) \
	[ioctl] = { .cmd = ioctl, .func = _func, .flags = _flags }

struct drm_mm_node {
	struct list_head fl_entry;
	struct list_head ml_entry;
	int free;
	unsigned long start;
	unsigned long size;
	struct drm_mm *mm;
};

struct drm_mm {
	struct list_head fl_entry;
	struct list_head ml_entry;
};

/* Per-open-file state. */
struct drm_file {
	struct list_head lhead;
	struct drm_minor *minor;
	struct file *filp;
	void *driver_priv;
	struct idr object_idr;
	spinlock_t table_lock;
};

struct drm_driver {
	int (*load)(struct drm_device *dev, unsigned long flags);
	int (*unload)(struct drm_device *dev);
	struct drm_ioctl_desc *ioctls;
	int num_ioctls;
	struct file_operations fops;
};

struct drm_device {
	struct drm_driver *driver;
	struct pci_dev *pdev;
	void *dev_private;

	/* Protects the GEM object lists and the GTT. */
	struct mutex struct_mutex;

	/* The address_space of the device node, for the fake mmap offsets. */
	struct address_space *dev_mapping;

	int irq_enabled;
	spinlock_t count_lock;
	int open_count;
};

struct drm_map_list {
	struct list_head head;
	unsigned long hash_key;
	struct drm_mm_node *file_offset_node;
};

/*
 * The core's half of a GEM buffer object.  The driver hangs its own
 * state off driver_private.
 */
struct drm_gem_object {
	struct kref refcount;
	struct drm_device *dev;
	size_t size;

	/* shmem file backing the object's pages */
	struct file *filp;

	/* fake offset for mmap() of the object through the GTT */
	struct drm_map_list map_list;

	int name;
	uint32_t read_domains;
	uint32_t write_domain;

	void *driver_private;
};

/* drm_gem.c */
int drm_gem_object_init(struct drm_device *dev, struct drm_gem_object *obj,
			size_t size);
struct drm_gem_object *drm_gem_object_lookup(struct drm_device *dev,
					     struct drm_file *filp,
					     u32 handle);
void drm_gem_object_reference(struct drm_gem_object *obj);
void drm_gem_object_unreference(struct drm_gem_object *obj);
int drm_gem_handle_create(struct drm_file *file_priv,
			  struct drm_gem_object *obj, int *handlep);
int drm_gem_create_mmap_offset(struct drm_gem_object *obj);
struct drm_gem_object *drm_gem_mmap_lookup(struct drm_device *dev,
					   unsigned long pgoff);
void drm_gem_vm_open(struct vm_area_struct *vma);
void drm_gem_vm_close(struct vm_area_struct *vma);

/* drm_mm.c */
int drm_mm_init(struct drm_mm *mm, unsigned long start, unsigned long size);
struct drm_mm_node *drm_mm_search_free(const struct drm_mm *mm,
				       unsigned long size,
				       unsigned alignment, int best_match);
struct drm_mm_node *drm_mm_get_block(struct drm_mm_node *parent,
				     unsigned long size, unsigned alignment);
void drm_mm_put_block(struct drm_mm_node *cur);

/* drm_fops.c */
int drm_open(struct inode *inode, struct file *filp);
int drm_release(struct inode *inode, struct file *filp);
long drm_ioctl(struct file *filp, unsigned int cmd, unsigned long arg);
unsigned int drm_poll(struct file *filp, struct poll_table_struct *wait);

#endif /* _DRM_P_H_ */
