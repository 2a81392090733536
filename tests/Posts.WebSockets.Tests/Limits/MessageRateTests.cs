using System.Text.Json;
using FluentAssertions;
using Posts.Testing;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Limits;

/// <summary>A token bucket per socket: past the burst, messages get <c>rate_limited</c> (with retryAfter) and the socket stays open.</summary>
public sealed class MessageRateTests(MessageRateTests.SlowRateHost host) : IClassFixture<MessageRateTests.SlowRateHost>
{
    public sealed class SlowRateHost(PostgresServer server) : SocketHost(server)
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("WebSockets:MessagesPerSecond", "5"),
            new("WebSockets:MessageBurst", "5"),
        ];
    }

    [Fact]
    public async Task Twenty_messages_at_once_past_a_burst_of_five_get_rate_limited_and_every_one_a_reply()
    {
        await using var socket = await RawSocket.ConnectAsync(host.SocketUri);

        await socket.SendTextBurstAsync(Enumerable.Range(0, 20).Select(i => $"{{\"type\": \"me.show\", \"id\": {i}}}"));
        var replies = new List<JsonElement>();
        for (var i = 0; i < 20; i++) replies.Add(await socket.ReceiveJsonAsync());

        replies.Select(r => r.GetProperty("id").GetInt32()).Should().BeEquivalentTo(Enumerable.Range(0, 20));
        var limited = replies.Where(r => r.Code() == "rate_limited").ToList();
        limited.Should().HaveCountGreaterThanOrEqualTo(10, "five are allowed at once, and at most five more can refill while the burst is read");
        limited.Should().OnlyContain(r => r.Type() == "me.show" && r.GetProperty("error").GetProperty("details").GetProperty("retryAfter").GetInt32() >= 1);
        replies.Where(r => r.Code() != "rate_limited").Should().HaveCountGreaterThanOrEqualTo(5).And.OnlyContain(r => r.Code() == "unauthenticated");
    }

    [Fact]
    public async Task Unreadable_messages_count_toward_the_rate_too()
    {
        await using var socket = await RawSocket.ConnectAsync(host.SocketUri);

        await socket.SendTextBurstAsync(Enumerable.Range(0, 20).Select(_ => "not json"));
        var replies = new List<JsonElement>();
        for (var i = 0; i < 20; i++) replies.Add(await socket.ReceiveJsonAsync());

        replies.Count(r => r.Code() == "rate_limited").Should().BeGreaterThanOrEqualTo(10);
        replies.Should().OnlyContain(r => r.Type() == "error" && (r.Code() == "rate_limited" || r.Code() == "invalid_message"));
    }

    [Fact]
    public async Task A_limited_socket_stays_open_and_is_served_again_once_the_bucket_refills()
    {
        await using var socket = await RawSocket.ConnectAsync(host.SocketUri);
        await socket.SendTextBurstAsync(Enumerable.Range(0, 10).Select(i => $"{{\"type\": \"me.show\", \"id\": {i}}}"));
        var burst = new List<JsonElement>();
        for (var i = 0; i < 10; i++) burst.Add(await socket.ReceiveJsonAsync());

        // The bucket refills on the real clock (once a second): ask until served, bounded.
        JsonElement reply = default;
        var until = DateTime.UtcNow.AddSeconds(5);
        do
        {
            await Task.Delay(250, TestContext.Current.CancellationToken);
            await socket.SendTextAsync("{\"type\": \"me.show\", \"id\": \"again\"}");
            reply = await socket.ReceiveJsonAsync();
        }
        while (reply.Code() == "rate_limited" && DateTime.UtcNow < until);

        burst.Should().Contain(r => r.Code() == "rate_limited");
        reply.ShouldFail("me.show", "unauthenticated");
    }

    [Fact]
    public async Task Each_socket_has_its_own_bucket()
    {
        await using var greedy = await RawSocket.ConnectAsync(host.SocketUri);
        await using var modest = await RawSocket.ConnectAsync(host.SocketUri);

        await greedy.SendTextBurstAsync(Enumerable.Range(0, 20).Select(i => $"{{\"type\": \"me.show\", \"id\": {i}}}"));
        var greedyReplies = new List<JsonElement>();
        for (var i = 0; i < 20; i++) greedyReplies.Add(await greedy.ReceiveJsonAsync());
        await modest.SendTextBurstAsync(Enumerable.Range(0, 5).Select(i => $"{{\"type\": \"me.show\", \"id\": {i}}}"));
        var modestReplies = new List<JsonElement>();
        for (var i = 0; i < 5; i++) modestReplies.Add(await modest.ReceiveJsonAsync());

        greedyReplies.Should().Contain(r => r.Code() == "rate_limited");
        modestReplies.Should().OnlyContain(r => r.Code() == "unauthenticated");
    }
}
