using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Posts.WebSockets.Tests.Support;

/// <summary>
/// The closes one host counted (its <c>posts.ws.closes</c> instrument, by code), seen through a
/// <see cref="MeterListener"/> limited to that host's meter factory, so other hosts in the process do not count.
/// </summary>
public sealed class HostCloses : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Code, DateTimeOffset At)> _closes = new();
    private readonly object _scope;

    public HostCloses(IServiceProvider services)
    {
        _scope = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Name: "posts.ws.closes", Meter.Name: "Posts.WebSockets" } && ReferenceEquals(instrument.Meter.Scope, _scope))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "code") _closes.Enqueue((tag.Value?.ToString() ?? "", DateTimeOffset.UtcNow));
        });
        _listener.Start();
    }

    public IReadOnlyList<(string Code, DateTimeOffset At)> All => [.. _closes];

    /// <summary>When the host first counted a close with <paramref name="code"/>; fails after <paramref name="timeout"/>.</summary>
    public async Task<DateTimeOffset> WaitForAsync(string code, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            foreach (var close in _closes)
                if (close.Code == code) return close.At;
            try
            {
                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No close {code} within {timeout}; closes so far: {string.Join(", ", _closes.Select(c => c.Code))}");
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
