/* switch with breaks, fallthrough and default; a lock held in one case only. */
struct mutex { int owner; };
struct spinlock { int raw; };
struct engine { struct mutex lock; struct spinlock irq_lock; };

int dispatch(struct engine *e, int cmd)
{
	int ret = 0;

	switch (cmd) {
	case 1:
		mutex_lock(&e->lock);
		ret = 1;
		/* fall through */
	case 2:
		spin_lock(&e->irq_lock);
		spin_unlock(&e->irq_lock);
		break;
	case 3: {
		mutex_lock(&e->lock);
		mutex_unlock(&e->lock);
		break;
	}
	default:
		return -EINVAL;
	}
	kmalloc(8, GFP_KERNEL);
	if (cmd == 1)
		mutex_unlock(&e->lock);
	return ret;
}
