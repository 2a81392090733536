using FluentAssertions;
using Posts.Infrastructure.Events;
using Xunit;

namespace Posts.Infrastructure.Tests.Events;

/// <summary>ADR-008: the NOTIFY after an event-writing commit is sent off the request path, coalesced, and flushed on dispose.</summary>
public sealed class EventNotifierTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30); // a failure's timeout, never a measurement

    [Fact]
    public async Task Commits_during_a_send_cause_exactly_one_more_send_after_it()
    {
        var sends = new Sends();
        await using var notifier = new EventNotifier(sends.SendAsync);

        notifier.Notify();
        await sends.WaitStartedAsync(1);
        notifier.Notify();
        notifier.Notify();
        notifier.Notify();
        sends.Started.Should().Be(1, "the first send is still in flight");

        sends.Release(1);
        await sends.WaitStartedAsync(2);
        sends.Release(2);
        await notifier.FlushAsync().WaitAsync(Patience, Ct);
        sends.Started.Should().Be(2, "three commits during the first send are covered by one send after it");

        notifier.Notify();
        await sends.WaitStartedAsync(3);
        sends.Release(3);
        await notifier.FlushAsync().WaitAsync(Patience, Ct);
        sends.Started.Should().Be(3, "a commit while none is in flight starts a send of its own");
    }

    [Fact]
    public async Task A_failed_send_is_not_fatal_and_the_next_commit_sends_again()
    {
        var attempts = 0;
        await using var notifier = new EventNotifier(_ =>
        {
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("the database is away");
        });

        notifier.Notify();
        await notifier.FlushAsync().WaitAsync(Patience, Ct);
        notifier.Notify();
        await notifier.FlushAsync().WaitAsync(Patience, Ct);
        Volatile.Read(ref attempts).Should().Be(2);
    }

    [Fact]
    public async Task Dispose_waits_for_the_send_in_flight_and_the_one_pending()
    {
        var sends = new Sends();
        var notifier = new EventNotifier(sends.SendAsync);
        notifier.Notify();
        await sends.WaitStartedAsync(1);
        notifier.Notify();

        var disposed = notifier.DisposeAsync().AsTask();
        disposed.IsCompleted.Should().BeFalse("a short-lived process (the CLI) must still wake the hosts before it exits");
        sends.Release(1);
        await sends.WaitStartedAsync(2);
        disposed.IsCompleted.Should().BeFalse();
        sends.Release(2);
        await disposed.WaitAsync(Patience, Ct);
        sends.Started.Should().Be(2);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Sends that each wait until the test releases them, and a wait for the n-th to start.</summary>
    private sealed class Sends
    {
        private readonly Lock _lock = new();
        private readonly List<TaskCompletionSource> _started = [];
        private readonly List<TaskCompletionSource> _gates = [];

        public int Started
        {
            get
            {
                lock (_lock) return _started.Count(s => s.Task.IsCompleted);
            }
        }

        public Task SendAsync(CancellationToken ct)
        {
            TaskCompletionSource gate;
            lock (_lock)
            {
                var n = _started.Count(s => s.Task.IsCompleted) + 1;
                Slot(_started, n).TrySetResult();
                gate = Slot(_gates, n);
            }

            return gate.Task;
        }

        public Task WaitStartedAsync(int n)
        {
            lock (_lock) return Slot(_started, n).Task.WaitAsync(Patience, Ct);
        }

        public void Release(int n)
        {
            lock (_lock) Slot(_gates, n).TrySetResult();
        }

        private static TaskCompletionSource Slot(List<TaskCompletionSource> slots, int n)
        {
            while (slots.Count < n) slots.Add(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            return slots[n - 1];
        }
    }
}
