/* Work items, interrupt handlers and what waiting for a work item depends on. */
struct mutex { int owner; };
struct spinlock { int raw; };
struct work_struct { int pending; };
struct drm_i915_private { struct mutex struct_mutex; struct work_struct retire_work; struct spinlock irq_lock; };

static void retire_work_handler(struct work_struct *work)
{
	struct drm_i915_private *i915 = container_of(work, struct drm_i915_private, retire_work);

	mutex_lock(&i915->struct_mutex);
	mutex_unlock(&i915->struct_mutex);
}

static irqreturn_t sample_irq(int irq, void *arg)
{
	struct drm_i915_private *i915 = arg;

	spin_lock(&i915->irq_lock);
	spin_unlock(&i915->irq_lock);
	return IRQ_HANDLED;
}

static irqreturn_t sample_irq_thread(int irq, void *arg)
{
	return IRQ_HANDLED;
}

int sample_init(struct drm_i915_private *i915)
{
	INIT_WORK(&i915->retire_work, retire_work_handler);
	request_threaded_irq(7, sample_irq, sample_irq_thread, 0, "sample", i915);
	return 0;
}

void sample_fini(struct drm_i915_private *i915)
{
	mutex_lock(&i915->struct_mutex);
	flush_work(&i915->retire_work);
	mutex_unlock(&i915->struct_mutex);
	flush_workqueue(i915->wq);
}
