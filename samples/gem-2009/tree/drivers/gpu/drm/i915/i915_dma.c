/*
 * i915_dma.c -- driver load/unload, the interrupt handler and the ioctls
 */

#include <linux/module.h>
#include <linux/interrupt.h>
#include "drmP.h"
#include "i915_drm.h"
#include "i915_drv.h"

#define I915_GTT_BAR	2
#define I915_MMIO_BAR	0

uint32_t
i915_get_gem_seqno(struct drm_device *dev)
{
	drm_i915_private_t *dev_priv = to_i915(dev);

	return dev_priv->last_seqno;
}

/*
 * The GPU raised USER_INTERRUPT after writing a breadcrumb: record the
 * new seqno and wake the waiters in i915_gem_object_wait_rendering().
 */
static irqreturn_t
i915_driver_irq_handler(int irq, void *arg)
{
	struct drm_device *dev = arg;
	drm_i915_private_t *dev_priv = to_i915(dev);
	unsigned long irqflags;
	uint32_t iir;

	iir = I915_READ(IIR);
	if (iir == 0)
		return IRQ_NONE;

	I915_WRITE(IIR, iir);
	(void) I915_READ(IIR);

	if (iir & USER_INTERRUPT) {
		spin_lock_irqsave(&dev_priv->user_irq_lock, irqflags);
		dev_priv->last_seqno = readl(dev_priv->regs + 0x2080);
		spin_unlock_irqrestore(&dev_priv->user_irq_lock, irqflags);
		wake_up_all(&dev_priv->irq_queue);
	}
	return IRQ_HANDLED;
}

static int
i915_driver_load(struct drm_device *dev, unsigned long flags)
{
	drm_i915_private_t *dev_priv;
	int ret;

	dev_priv = kzalloc(sizeof(*dev_priv), GFP_KERNEL);
	if (dev_priv == NULL)
		return -ENOMEM;

	dev->dev_private = dev_priv;
	dev_priv->dev = dev;

	dev_priv->regs = pci_iomap(dev->pdev, I915_MMIO_BAR, 0);
	if (dev_priv->regs == NULL) {
		ret = -EIO;
		goto err_free;
	}

	dev_priv->gtt_base_addr = pci_resource_start(dev->pdev, I915_GTT_BAR);
	dev_priv->gtt_size = pci_resource_len(dev->pdev, I915_GTT_BAR);
	dev_priv->gtt_vaddr = ioremap_wc(dev_priv->gtt_base_addr,
					 dev_priv->gtt_size);
	if (dev_priv->gtt_vaddr == NULL) {
		ret = -EIO;
		goto err_regs;
	}

	spin_lock_init(&dev_priv->user_irq_lock);
	init_waitqueue_head(&dev_priv->irq_queue);
	dev_priv->irq_mask_reg = ~0;

	ret = i915_gem_load(dev);
	if (ret)
		goto err_gtt;

	ret = request_irq(dev->pdev->irq, i915_driver_irq_handler, IRQF_SHARED,
			  DRIVER_NAME, dev);
	if (ret)
		goto err_gem;
	dev->irq_enabled = 1;

	return 0;

err_gem:
	i915_gem_unload(dev);
err_gtt:
	iounmap(dev_priv->gtt_vaddr);
err_regs:
	pci_iounmap(dev->pdev, dev_priv->regs);
err_free:
	kfree(dev_priv);
	dev->dev_private = NULL;
	return ret;
}

static int
i915_driver_unload(struct drm_device *dev)
{
	drm_i915_private_t *dev_priv = to_i915(dev);

	dev->irq_enabled = 0;
	free_irq(dev->pdev->irq, dev);
	i915_gem_unload(dev);
	iounmap(dev_priv->gtt_vaddr);
	pci_iounmap(dev->pdev, dev_priv->regs);
	kfree(dev_priv);
	dev->dev_private = NULL;
	return 0;
}

struct drm_ioctl_desc i915_ioctls[] = {
	DRM_IOCTL_DEF(DRM_I915_GEM_CREATE, i915_gem_create_ioctl, 0),
	DRM_IOCTL_DEF(DRM_I915_GEM_PREAD, i915_gem_pread_ioctl, 0),
	DRM_IOCTL_DEF(DRM_I915_GEM_PWRITE, i915_gem_pwrite_ioctl, 0),
	DRM_IOCTL_DEF(DRM_I915_GEM_MMAP_GTT, i915_gem_mmap_gtt_ioctl, 0),
	DRM_IOCTL_DEF(DRM_I915_GEM_EVICT, i915_gem_evict_ioctl, 0),
	DRM_IOCTL_DEF(DRM_I915_GEM_USERPTR, i915_gem_userptr_ioctl, 0),
};

int i915_max_ioctl = ARRAY_SIZE(i915_ioctls);

static struct drm_driver driver = {
	.load = i915_driver_load,
	.unload = i915_driver_unload,
	.ioctls = i915_ioctls,
	.fops = {
		.owner = THIS_MODULE,
		.open = drm_open,
		.release = drm_release,
		.unlocked_ioctl = drm_ioctl,
		.mmap = i915_gem_mmap,
		.poll = drm_poll,
	},
};

static int __init
i915_init(void)
{
	driver.num_ioctls = i915_max_ioctl;
	return drm_init(&driver);
}

static void __exit
i915_exit(void)
{
	drm_exit(&driver);
}

module_init(i915_init);
module_exit(i915_exit);

MODULE_DESCRIPTION(DRIVER_DESC);
MODULE_LICENSE("GPL and additional rights");
