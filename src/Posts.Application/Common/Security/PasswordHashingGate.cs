using Microsoft.Extensions.Options;

namespace Posts.Application.Common.Security;

/// <summary>
/// Caps concurrent password hashes per process. One hash costs ≈ 145 ms of a core at the production
/// iteration count, so an unbounded login flood would starve every other request of CPU.
/// </summary>
public sealed class PasswordHashingGate(IOptions<AuthOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentPasswordHashes, options.Value.MaxConcurrentPasswordHashes);

    /// <summary>A slot to release with <c>Dispose</c>, or null when all are taken (the caller answers <c>rate_limited</c>).</summary>
    public IDisposable? TryEnter() => _slots.Wait(0) ? new Slot(_slots) : null;

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
