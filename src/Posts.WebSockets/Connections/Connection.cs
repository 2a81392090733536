using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading.RateLimiting;
using Mediator;
using Microsoft.Extensions.Options;
using Posts.Application.Common.Events;
using Posts.Application.Common.Results;
using Posts.Application.Tokens;
using Posts.Application.Tokens.AuthenticateToken;
using Posts.Application.Users;
using Posts.Application.Users.FindUser;
using Posts.Infrastructure.Events;
using Posts.WebSockets.Protocol;

namespace Posts.WebSockets.Connections;

/// <summary>
/// One socket: reads messages (counting bytes across fragments), dispatches each in a DI scope of its own with
/// the socket's session, and replies through the <see cref="Outbox"/>. Without <c>id</c>s replies keep request
/// order; with <c>id</c>s up to <see cref="SocketOptions.MaxInFlight"/> run at once.
/// </summary>
internal sealed partial class Connection : IDisposable
{
    private const WebSocketCloseStatus AuthenticationTimeout = (WebSocketCloseStatus)4408;
    private static readonly TimeSpan ProtocolErrorLinger = TimeSpan.FromSeconds(2);

    private readonly WebSocket _socket;
    private readonly string _clientAddress;
    private readonly IServiceScopeFactory _scopes;
    private readonly Dispatcher _dispatcher;
    private readonly SocketOptions _options;
    private readonly TimeProvider _clock;
    private readonly SocketMetrics _metrics;
    private readonly ILogger _logger;
    private readonly EventHub _hub;
    private readonly IEventFeed _feed;
    private readonly Outbox _outbox;
    private readonly TokenBucketRateLimiter _rate;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly ITimer _authTimer;
    private readonly Lock _sessionLock = new();
    private readonly Lock _admission = new();
    private Session? _session;
    private Subscription? _subscription;
    private Subscription? _replayAfterReply;
    private long _revokingTokenId;
    private int _pending;
    private int _stopRequested;
    private volatile bool _stopping;

    public Connection(WebSocket socket, string clientAddress, IServiceProvider services)
    {
        _socket = socket;
        _clientAddress = clientAddress;
        _scopes = services.GetRequiredService<IServiceScopeFactory>();
        _dispatcher = services.GetRequiredService<Dispatcher>();
        _options = services.GetRequiredService<IOptions<SocketOptions>>().Value;
        _clock = services.GetRequiredService<TimeProvider>();
        _metrics = services.GetRequiredService<SocketMetrics>();
        _logger = services.GetRequiredService<ILogger<Connection>>();
        _hub = services.GetRequiredService<EventHub>();
        _feed = services.GetRequiredService<IEventFeed>();
        _outbox = new Outbox(socket, _options.OutboundQueue, _options.SlowReaderTimeout);
        _slots = new SemaphoreSlim(_options.MaxInFlight, _options.MaxInFlight);
        _rate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = _options.MessageBurst,
            TokensPerPeriod = _options.MessagesPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = true,
            QueueLimit = 0,
        });
        _authTimer = _clock.CreateTimer(_ => OnAuthenticationTimeout(), null, _options.UnauthenticatedLifetime, Timeout.InfiniteTimeSpan);
    }

    public async Task RunAsync(CancellationToken aborted)
    {
        var writer = _outbox.WriteLoopAsync();
        try
        {
            await ReceiveLoopAsync(aborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
        {
            // Dead peer, malformed frame (Kestrel closes 1002/1007 itself) or abort: expected on the Internet.
            LogDropped(_logger, e.GetType().Name, e.Message);
            if (e is WebSocketException { WebSocketErrorCode: WebSocketError.Faulted }) await LingerAsync(aborted);
        }
        finally
        {
            _stopping = true;
            await Task.WhenAll(_running.Keys);
            _outbox.Close(WebSocketCloseStatus.NormalClosure, "");
            await writer;
            if (_outbox.TooSlow) _metrics.Closed("1008");
        }
    }

    /// <summary>Graceful stop: admit nothing more, finish what is running, send the replies, close with 1001.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) == 1) return;

        // Under the admission lock: once it is released, every request that will ever run here is in _running.
        lock (_admission) _stopping = true;
        await Task.WhenAll(_running.Keys);
        _outbox.Close(WebSocketCloseStatus.EndpointUnavailable, "server shutting down");
        _metrics.Closed("1001");
    }

    /// <summary>Sessions ended by a change made on this host (revocation, password change, disabled user).</summary>
    public void OnSessionsEnded(TokensRevokedPayload ended)
    {
        lock (_sessionLock)
        {
            if (_session is not { } session) return;
            var auth = session.Auth;
            if (!ended.Ends(auth.UserId, auth.TokenId) || auth.TokenId == Interlocked.Read(ref _revokingTokenId)) return;
        }

        EndSession(ended.Reason, push: true);
    }

    public void Dispose()
    {
        _authTimer.Dispose();
        _rate.Dispose();
        _slots.Dispose();
    }

    private async Task ReceiveLoopAsync(CancellationToken aborted)
    {
        // Idle sockets are the common case: a small read buffer, and a message buffer that grows only when a
        // message needs it (measured: two 8 KiB buffers were half of an idle socket's live heap).
        var buffer = ArrayPool<byte>.Shared.Rent(4 * 1024);
        var message = new ArrayBufferWriter<byte>();
        try
        {
            // Reads until the peer's close frame (or the connection's end). Once the host has closed (1001 on stop,
            // 1003, 1009, 4408) it keeps reading, and discards, until the peer answers the close: ending the request
            // earlier tears the connection down under the close frame. The outbox aborts a peer that never answers.
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer.AsMemory(), aborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    _outbox.Close(WebSocketCloseStatus.NormalClosure, "");
                    return;
                }

                if (_stopping) continue;

                if (received.MessageType == WebSocketMessageType.Binary)
                {
                    CloseWith(WebSocketCloseStatus.InvalidMessageType, "binary frames are not accepted", "1003");
                    continue;
                }

                // Counted before buffering more: a client cannot make the host hold more than one message's limit.
                if (message.WrittenCount + received.Count > _options.MaxMessageBytes)
                {
                    CloseWith(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {_options.MaxMessageBytes} bytes", "1009");
                    message.ResetWrittenCount();
                    continue;
                }

                message.Write(buffer.AsSpan(0, received.Count));
                if (!received.EndOfMessage) continue;
                await OnMessageAsync(message.WrittenMemory.ToArray());
                message.ResetWrittenCount();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task OnMessageAsync(byte[] utf8)
    {
        var incoming = EnvelopeReader.Read(utf8, out var problem);
        if (!_rate.AttemptAcquire().IsAcquired)
        {
            await ReplyAsync(Envelope.Fail(incoming?.Type ?? Envelope.UnreadableType, Error.RateLimited(TimeSpan.FromSeconds(1)), incoming?.Id));
            return;
        }

        if (incoming is null)
        {
            await ReplyAsync(problem!);
            return;
        }

        if (incoming.Id is null)
        {
            // Without ids, replies come in request order: wait for everything before this message.
            await Task.WhenAll(_running.Keys);
            if (Admit(() => ProcessAsync(incoming)) is { } task) await task;
            return;
        }

        if (Interlocked.Increment(ref _pending) > _options.MaxInFlight + _options.MaxQueued)
        {
            Interlocked.Decrement(ref _pending);
            await ReplyAsync(Envelope.Fail(incoming.Type, Error.RateLimited(TimeSpan.FromSeconds(1)), incoming.Id));
            return;
        }

        if (Admit(() => RunPipelinedAsync(incoming)) is null) Interlocked.Decrement(ref _pending);
    }

    /// <summary>
    /// Starts a request unless the connection is stopping. Checked and tracked under one lock, so a graceful stop
    /// that has set the flag waits for every request that started: none runs without its reply being sent.
    /// A request not admitted was never executed; the client learns it from the close (1001).
    /// </summary>
    private Task? Admit(Func<Task> request)
    {
        lock (_admission)
        {
            return _stopping ? null : Track(request());
        }
    }

    private async Task RunPipelinedAsync(Incoming incoming)
    {
        await _slots.WaitAsync();
        try
        {
            await ProcessAsync(incoming);
        }
        finally
        {
            _slots.Release();
            Interlocked.Decrement(ref _pending);
        }
    }

    private Task Track(Task task)
    {
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
        return task;
    }

    private async Task ProcessAsync(Incoming incoming)
    {
        var started = Stopwatch.GetTimestamp();
        Envelope reply;
        try
        {
            reply = incoming.Type == HostMessages.UseToken ? await UseTokenAsync(incoming)
                : incoming.Type == HostMessages.Subscribe ? await SubscribeAsync(incoming)
                : incoming.Type == HostMessages.Unsubscribe ? await UnsubscribeAsync(incoming)
                : _dispatcher.Knows(incoming.Type) ? await DispatchAsync(incoming)
                : Envelope.Fail(incoming.Type, ProtocolErrors.UnknownType, $"Unknown message type '{incoming.Type}'.", incoming.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(_logger, e, incoming.Type);
            reply = Envelope.Fail(incoming.Type, Error.Internal(), incoming.Id);
        }

        _metrics.Handled(incoming.Type, reply, Stopwatch.GetElapsedTime(started));
        await ReplyAsync(reply);
        if (incoming.Type == HostMessages.Subscribe && Interlocked.Exchange(ref _replayAfterReply, null) is { } replay) _ = Track(ReplayAsync(replay));
    }

    private async Task<Envelope> DispatchAsync(Incoming incoming)
    {
        var request = _dispatcher.Read(incoming.Type, incoming.Data);
        if (!request.IsSuccess) return Envelope.Fail(incoming.Type, request.Error, incoming.Id);

        var session = await CurrentSessionAsync();
        var revoking = incoming.Type == "tokens.delete" && session is not null;
        if (revoking) Interlocked.Exchange(ref _revokingTokenId, session!.Auth.TokenId);
        try
        {
            var outcome = await SendAsync(request.Value, session?.Auth);
            if (outcome.IsSuccess && outcome.BoxedValue is TokenDto token) await AuthenticateAsync(token.Token);
            if (outcome.IsSuccess && revoking) EndSession(reason: null, push: false);
            return Dispatcher.Reply(incoming.Type, outcome, incoming.Id);
        }
        finally
        {
            if (revoking) Interlocked.Exchange(ref _revokingTokenId, 0);
        }
    }

    private async Task<Envelope> UseTokenAsync(Incoming incoming)
    {
        var data = Dispatcher.ReadData<UseTokenData>(incoming.Data, ProtocolJson.Default.UseTokenData);
        if (!data.IsSuccess) return Envelope.Fail(incoming.Type, data.Error, incoming.Id);
        if (data.Value?.Token is not { Length: > 0 } token) return Envelope.Fail(incoming.Type, Error.Validation("token", "Is required."), incoming.Id);
        var result = await AuthenticateAsync(token);
        return result.IsSuccess
            ? Envelope.Success(incoming.Type, new { user = new { id = result.Value.UserId, username = result.Value.Username }, expiresAt = result.Value.ExpiresAt }, null, incoming.Id)
            : Envelope.Fail(incoming.Type, result.Error, incoming.Id);
    }

    private async Task<Envelope> SubscribeAsync(Incoming incoming)
    {
        var read = Dispatcher.ReadData<SubscribeData>(incoming.Data, ProtocolJson.Default.SubscribeData);
        if (!read.IsSuccess) return Envelope.Fail(incoming.Type, read.Error, incoming.Id);
        var data = read.Value;

        var session = await CurrentSessionAsync();
        if (session is null) return Envelope.Fail(incoming.Type, Error.Unauthenticated(), incoming.Id);
        long? authorId = null;
        if (data.Author is not null)
        {
            var author = (Result<UserDto>)await SendAsync(new FindUserQuery(data.Author), session.Auth);
            if (!author.IsSuccess) return Envelope.Fail(incoming.Type, author.Error, incoming.Id);
            authorId = author.Value.Id;
        }

        await _hub.Started;
        if (data.After is { } after && await _feed.OldestAsync(CancellationToken.None) is { } oldest && after + 1 < oldest)
        {
            return Envelope.Fail(incoming.Type, new Error(ErrorCodes.Conflict,
                "Events after that id are no longer kept; re-read with posts.index and subscribe without 'after'",
                new Dictionary<string, object> { ["oldestEvent"] = oldest }), incoming.Id);
        }

        var subscription = _hub.BetweenDeliveries(cursor =>
        {
            var s = new Subscription(data.PostId, authorId, data.After is { } a ? Math.Min(a, cursor) : cursor) { Live = data.After is null || data.After >= cursor };
            lock (_sessionLock)
            {
                if (_subscription is { } previous) previous.Cancelled = true;
                _subscription = s;
            }

            return s;
        });
        // The replay starts once this reply is queued: the client sees "subscribed" before the first event.
        if (!subscription.Live) Interlocked.Exchange(ref _replayAfterReply, subscription);
        return Envelope.Success(incoming.Type, new { after = subscription.LastDelivered, postId = data.PostId, author = data.Author }, null, incoming.Id);
    }

    private Task<Envelope> UnsubscribeAsync(Incoming incoming)
    {
        lock (_sessionLock)
        {
            if (_subscription is { } s) s.Cancelled = true;
            _subscription = null;
        }

        return Task.FromResult(Envelope.Success(incoming.Type, null, null, incoming.Id));
    }

    /// <summary>
    /// Replays from the subscription's <c>after</c> a page at a time, each page queued only as the socket drains,
    /// then goes live between two hub deliveries, so nothing is missed or sent twice.
    /// </summary>
    private async Task ReplayAsync(Subscription subscription)
    {
        const int page = 200;
        while (!subscription.Cancelled && !_stopping)
        {
            var live = _hub.BetweenDeliveries(cursor =>
            {
                if (subscription.LastDelivered < cursor) return false;
                subscription.Live = true;
                return true;
            });
            if (live) return;

            var upTo = _hub.Cursor;
            var events = await _feed.ReadAsync(subscription.LastDelivered, upTo, page, CancellationToken.None);
            foreach (var e in events)
            {
                if (subscription.Cancelled) return;
                if (subscription.Wants(e) && HasSession() && !await _outbox.SendAsync(Subscription.Push(e))) return;
                subscription.LastDelivered = e.Id;
            }

            if (events.Count < page) subscription.LastDelivered = Math.Max(subscription.LastDelivered, upTo);
        }
    }

    /// <summary>A batch from the hub: queued without waiting (a slow socket is cut off, never waited for).</summary>
    public void OnEvents(IReadOnlyList<EventRecord> batch, byte[]?[] pushes)
    {
        Subscription? subscription;
        lock (_sessionLock) subscription = _subscription;
        if (subscription is not { Live: true, Cancelled: false }) return;

        // Authorization at delivery: a socket whose session ended (a disabled user) receives nothing.
        var authorized = HasSession();
        for (var i = 0; i < batch.Count; i++)
        {
            var e = batch[i];
            if (e.Id <= subscription.LastDelivered) continue;
            if (authorized && subscription.Wants(e) && !_outbox.TrySend(pushes[i] ??= Subscription.Push(e))) return;
            subscription.LastDelivered = e.Id;
        }
    }

    private bool HasSession()
    {
        lock (_sessionLock) return _session is not null;
    }

    private async Task<IOutcome> SendAsync(IMessage request, AuthenticatedSession? session)
    {
        await using var scope = _scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<SocketCurrentUser>().Use(session, _clientAddress);
        return (IOutcome)(await scope.ServiceProvider.GetRequiredService<ISender>().Send(request, CancellationToken.None))!;
    }

    private async Task<Result<AuthenticatedSession>> AuthenticateAsync(string token)
    {
        var outcome = (Result<AuthenticatedSession>)await SendAsync(new AuthenticateTokenQuery(token), null);
        if (!outcome.IsSuccess) return outcome;
        lock (_sessionLock) _session = new Session(token, outcome.Value, _clock.GetUtcNow());
        _authTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return outcome;
    }

    /// <summary>
    /// The session, checked cheaply: expiry by the clock, and against the database only every
    /// <see cref="SocketOptions.SessionRecheckInterval"/> (a revocation on this host arrives at once through
    /// <see cref="OnSessionsEnded"/>).
    /// </summary>
    private async Task<Session?> CurrentSessionAsync()
    {
        Session? session;
        lock (_sessionLock) session = _session;
        if (session is null) return null;

        var now = _clock.GetUtcNow();
        if (now >= session.Auth.ExpiresAt)
        {
            EndSession(SessionEndReasons.Expired, push: true);
            return null;
        }

        if (now - session.CheckedAt < _options.SessionRecheckInterval) return session;
        var recheck = (Result<AuthenticatedSession>)await SendAsync(new AuthenticateTokenQuery(session.Token), null);
        if (recheck.IsSuccess)
        {
            var fresh = session with { Auth = recheck.Value, CheckedAt = now };
            lock (_sessionLock) _session = ReferenceEquals(_session, session) ? fresh : _session;
            return fresh;
        }

        if (recheck.Error.Code == ErrorCodes.Unavailable) return session; // cannot tell now; the request itself will say unavailable
        EndSession(SessionEndReasons.Revoked, push: true);
        return null;
    }

    private void EndSession(string? reason, bool push)
    {
        lock (_sessionLock)
        {
            if (_session is null) return;
            _session = null;
            // Queued before the lock is let go (the outbox takes it at once when it has room): a request that finds
            // the session gone — an event ending it on the hub's thread while the request runs — replies after it.
            if (push) _ = ReplyAsync(new Envelope(HostMessages.SessionEnded, Envelope.Ok, new { reason }));
        }

        _authTimer.Change(_options.UnauthenticatedLifetime, Timeout.InfiniteTimeSpan);
    }

    private void OnAuthenticationTimeout()
    {
        lock (_sessionLock)
        {
            if (_session is not null) return;
        }

        CloseWith(AuthenticationTimeout, "authentication timeout", "4408");
    }

    private void CloseWith(WebSocketCloseStatus status, string reason, string code)
    {
        _stopping = true;
        _outbox.Close(status, reason);
        _metrics.Closed(code);
    }

    /// <summary>
    /// After a malformed frame the framework has sent its close frame (1002/1007) and given the socket up; ending the
    /// request at once tears the connection down before that frame reliably reaches the peer. Wait for the peer to go
    /// (it answers the close), or a little while.
    /// </summary>
    private static async Task LingerAsync(CancellationToken peerGone)
    {
        try
        {
            await Task.Delay(ProtocolErrorLinger, peerGone);
        }
        catch (OperationCanceledException)
        {
            // The peer closed: nothing left to wait for.
        }
    }

    private async Task ReplyAsync(Envelope envelope)
    {
        if (await _outbox.SendAsync(envelope.ToUtf8())) _metrics.Sent(envelope);
    }

    private sealed record Session(string Token, AuthenticatedSession Auth, DateTimeOffset CheckedAt)
    {
        public override string ToString() => $"Session {{ User = {Auth.Username}, Token = *** }}";
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Socket dropped: {Kind}: {Reason}")]
    private static partial void LogDropped(ILogger logger, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {Type} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string type);
}
