/* Interrupt state of each acquisition. */
struct spinlock { int raw; };
struct engine { struct spinlock irq_lock; struct spinlock timeline_lock; struct spinlock bh_lock; };

void irq_variants(struct engine *e)
{
	unsigned long flags;

	spin_lock_irqsave(&e->irq_lock, flags);
	spin_lock(&e->timeline_lock);
	spin_unlock(&e->timeline_lock);
	spin_unlock_irqrestore(&e->irq_lock, flags);

	spin_lock(&e->timeline_lock);
	spin_unlock(&e->timeline_lock);

	spin_lock_bh(&e->bh_lock);
	spin_unlock_bh(&e->bh_lock);

	local_irq_disable();
	spin_lock(&e->timeline_lock);
	spin_unlock(&e->timeline_lock);
	local_irq_enable();
}
