/* Trylock forms: the held state after the call follows the tested result. */
struct mutex { int owner; };
struct spinlock { int raw; };
struct drm_device { struct mutex struct_mutex; struct spinlock lru_lock; };
struct vm_fault { struct drm_device *dev; };

int try_or_busy(struct drm_device *dev)
{
	if (!mutex_trylock(&dev->struct_mutex))
		return -EBUSY;
	kzalloc(16, GFP_KERNEL);
	mutex_unlock(&dev->struct_mutex);
	return 0;
}

void try_then_work(struct drm_device *dev)
{
	if (mutex_trylock(&dev->struct_mutex)) {
		spin_lock(&dev->lru_lock);
		spin_unlock(&dev->lru_lock);
		mutex_unlock(&dev->struct_mutex);
	}
	spin_lock(&dev->lru_lock);
	spin_unlock(&dev->lru_lock);
}

int fault_retry(struct vm_fault *vmf)
{
	struct drm_device *dev = vmf->dev;

	if (!mutex_trylock(&dev->struct_mutex))
		return VM_FAULT_NOPAGE;
	mutex_unlock(&dev->struct_mutex);
	return 0;
}

int fault_retry_via_variable(struct vm_fault *vmf)
{
	struct drm_device *dev = vmf->dev;
	int ret;

	if (!mutex_trylock(&dev->struct_mutex)) {
		ret = VM_FAULT_RETRY;
		goto out;
	}
	mutex_unlock(&dev->struct_mutex);
	ret = 0;
out:
	return ret;
}

void spin_until_taken(struct drm_device *dev)
{
	while (!spin_trylock(&dev->lru_lock))
		cpu_relax();
	spin_unlock(&dev->lru_lock);
}

void goto_retry(struct drm_device *dev)
{
retry:
	if (!mutex_trylock(&dev->struct_mutex)) {
		cond_resched();
		goto retry;
	}
	mutex_unlock(&dev->struct_mutex);
}

void skip_busy(struct drm_device **devs, int count)
{
	int i;

	for (i = 0; i < count; i++) {
		if (!mutex_trylock(&devs[i]->struct_mutex))
			continue;
		mutex_unlock(&devs[i]->struct_mutex);
	}
}

bool try_helper(struct drm_device *dev)
{
	return mutex_trylock(&dev->struct_mutex);
}

void calls_try_helper(struct drm_device *dev)
{
	if (!try_helper(dev))
		return;
	spin_lock(&dev->lru_lock);
	spin_unlock(&dev->lru_lock);
	mutex_unlock(&dev->struct_mutex);
}
