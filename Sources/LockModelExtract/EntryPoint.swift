/// How a function is reached from outside the driver.
public struct EntryPoint: Hashable, Sendable, Codable {
  public var function: String
  /// A context name from the knowledge base: `ioctl`, `fault`, `page_mkwrite`, `shrinker`,
  /// `irq`, `work`, `mmu_notifier`, `file_operations`, …
  public var context: String
  /// Locks the core kernel holds when it calls in (mmap_lock for read in `.fault`).
  public var held: [HeldLock]
  public var irq: IRQUsage
  /// Return codes the caller retries on (a fault handler returning `VM_FAULT_NOPAGE`).
  public var retriedOn: [String]
  /// Where the function is registered (ops table, `DRM_IOCTL_DEF`, `INIT_WORK`).
  public var registeredAt: SourceLocation
  /// The userspace handle when there is one, e.g. the ioctl name.
  public var userHandle: String?

  public init(
    function: String, context: String, held: [HeldLock] = [], irq: IRQUsage = IRQUsage(),
    retriedOn: [String] = [], registeredAt: SourceLocation, userHandle: String? = nil
  ) {
    self.function = function
    self.context = context
    self.held = held
    self.irq = irq
    self.retriedOn = retriedOn
    self.registeredAt = registeredAt
    self.userHandle = userHandle
  }
}
