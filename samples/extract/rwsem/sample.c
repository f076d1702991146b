/* rw_semaphore read and write sides, and the mmap lock under its historic names. */
struct rw_semaphore { int count; };
struct mm_struct { struct rw_semaphore mmap_sem; };
struct task_struct { struct mm_struct *mm; };
struct drm_device { struct rw_semaphore state_sem; };

void readers_and_writers(struct drm_device *dev, struct mm_struct *mm)
{
	down_read(&dev->state_sem);
	up_read(&dev->state_sem);
	down_write(&dev->state_sem);
	down_read(&mm->mmap_sem);
	up_read(&mm->mmap_sem);
	up_write(&dev->state_sem);
	mmap_read_lock(mm);
	mmap_read_unlock(mm);
	down_write(&current->mm->mmap_sem);
	up_write(&current->mm->mmap_sem);
	if (down_read_trylock(&dev->state_sem))
		up_read(&dev->state_sem);
}
