using System.Text.Json;
using FluentAssertions;

namespace Posts.WebSockets.Tests.Support;

/// <summary>Reading the envelope of SPEC §5: <c>type</c>, <c>status</c>, <c>data</c>, <c>meta</c>, <c>error</c>, <c>id</c>.</summary>
public static class Replies
{
    public static string Type(this JsonElement reply) => reply.GetProperty("type").GetString()!;

    public static string Status(this JsonElement reply) => reply.GetProperty("status").GetString()!;

    public static JsonElement Data(this JsonElement reply) => reply.GetProperty("data");

    /// <summary>The error code, or null for a success.</summary>
    public static string? Code(this JsonElement reply) =>
        reply.TryGetProperty("error", out var error) ? error.GetProperty("code").GetString() : null;

    /// <summary>The field paths of a <c>validation_failed</c> (or the keys of any error's details).</summary>
    public static string[] DetailKeys(this JsonElement reply) =>
        reply.GetProperty("error").TryGetProperty("details", out var details) ? [.. details.EnumerateObject().Select(p => p.Name)] : [];

    public static string[] Names(this JsonElement json) => [.. json.EnumerateObject().Select(p => p.Name)];

    public static long Id(this JsonElement json) => json.GetProperty("id").GetInt64();

    public static JsonElement ShouldBeOk(this JsonElement reply, string type)
    {
        reply.Type().Should().Be(type, "the reply is {0}", reply);
        reply.Status().Should().Be("ok", "the reply is {0}", reply);
        reply.TryGetProperty("error", out _).Should().BeFalse();
        return reply;
    }

    public static JsonElement ShouldFail(this JsonElement reply, string type, string code)
    {
        reply.Type().Should().Be(type, "the reply is {0}", reply);
        reply.Status().Should().Be("error", "the reply is {0}", reply);
        reply.Code().Should().Be(code, "the reply is {0}", reply);
        reply.GetProperty("error").GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
        reply.TryGetProperty("data", out _).Should().BeFalse();
        return reply;
    }

    /// <summary>A <c>validation_failed</c> naming exactly these field paths.</summary>
    public static JsonElement ShouldFailValidation(this JsonElement reply, string type, params string[] fields)
    {
        reply.ShouldFail(type, "validation_failed");
        reply.DetailKeys().Should().BeEquivalentTo(fields, "the reply is {0}", reply);
        foreach (var field in fields)
            reply.GetProperty("error").GetProperty("details").GetProperty(field).EnumerateArray().Should().NotBeEmpty();
        return reply;
    }
}
