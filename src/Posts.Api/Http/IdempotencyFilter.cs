using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Idempotency;
using Posts.Application.Common.Json;
using Posts.Domain;

namespace Posts.Api.Http;

/// <summary>
/// <c>Idempotency-Key</c> (IETF httpapi-idempotency-key draft) on a creating endpoint: the first request with a
/// key runs and its response is kept for 24 h; a retry with the same key and body gets that response again and
/// creates nothing; the same key with another body is 422; a key whose first request is still running is 409.
/// </summary>
internal sealed class IdempotencyFilter : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // Endpoint filters outlive a request: take the request's own services.
        var store = http.RequestServices.GetRequiredService<IdempotencyStore>();
        var caller = http.RequestServices.GetRequiredService<ICurrentUser>();
        var key = http.Request.Headers[Header].ToString();
        // Without a key, or without a user (the pipeline answers 401), there is nothing to remember.
        if (key.Length == 0 || caller.UserId is not { } userId) return await next(context);
        if (key.Length > IdempotencyRecord.KeyMaxLength)
            return Problems.Invalid(http, Header, $"Must be at most {IdempotencyRecord.KeyMaxLength} characters.");

        var ct = http.RequestAborted;
        var claim = await store.ClaimAsync(userId, key, Fingerprint(http, context.Arguments), ct);
        switch (claim.Outcome)
        {
            case IdempotencyOutcome.Mismatch:
                return TypedResults.Problem(Problems.Create(http, Problems.IdempotencyKeyReused, "This Idempotency-Key was used for a different request"));
            case IdempotencyOutcome.InFlight:
                return TypedResults.Problem(Problems.Create(http, Problems.IdempotencyInFlight, "A request with this Idempotency-Key is still being processed"));
            case IdempotencyOutcome.Replay:
                await JsonSerializer.Deserialize<StoredResponse>(claim.Response!, WireJson.Options)!.WriteAsync(http);
                return Results.Empty;
        }

        try
        {
            var result = await next(context);
            if (result is not IResult executable) return result;
            var stored = await StoredResponse.CaptureAsync(http, executable);
            if (stored.Status >= 500) await store.ReleaseAsync(userId, key, CancellationToken.None);
            else await store.CompleteAsync(userId, key, JsonSerializer.Serialize(stored, WireJson.Options), CancellationToken.None);
            return Results.Empty;
        }
        catch
        {
            await store.ReleaseAsync(userId, key, CancellationToken.None);
            throw;
        }
    }

    /// <summary>The route and the request's bound body: the same request serialises the same way.</summary>
    private static byte[] Fingerprint(HttpContext http, IList<object?> arguments)
    {
        var text = new StringBuilder(http.Request.Method).Append(' ').Append(http.Request.Path);
        foreach (var body in arguments.OfType<IRequestBody>())
            text.Append('\n').Append(JsonSerializer.Serialize(body, body.GetType(), WireJson.Options));
        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>A response as kept for replay: status, the headers a client needs, and the body.</summary>
    internal sealed record StoredResponse(int Status, string? ContentType, string? Location, string? ETag, string Body)
    {
        public static async Task<StoredResponse> CaptureAsync(HttpContext http, IResult result)
        {
            var original = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await result.ExecuteAsync(http);
            }
            finally
            {
                http.Response.Body = original;
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(original, http.RequestAborted);
            var headers = http.Response.Headers;
            return new StoredResponse(http.Response.StatusCode, http.Response.ContentType, headers.Location.ToString().NullIfEmpty(),
                headers.ETag.ToString().NullIfEmpty(), Encoding.UTF8.GetString(buffer.ToArray()));
        }

        public async Task WriteAsync(HttpContext http)
        {
            http.Response.StatusCode = Status;
            if (ContentType is not null) http.Response.ContentType = ContentType;
            if (Location is not null) http.Response.Headers.Location = Location;
            if (ETag is not null) http.Response.Headers.ETag = ETag;
            http.Response.Headers["Idempotent-Replayed"] = "true";
            await http.Response.WriteAsync(Body, http.RequestAborted);
        }
    }
}

internal static class StringExtensions
{
    public static string? NullIfEmpty(this string value) => value.Length == 0 ? null : value;
}
