using System.Text.Json;
using Posts.Application.Common.Results;

namespace Posts.Application.Common.Json;

/// <summary>JSON that does not fit a request, as the same <c>validation_failed</c> from every adapter.</summary>
public static class JsonErrors
{
    /// <summary>
    /// An unknown field or a wrong type, on the path the client wrote (<c>title</c>, <c>filter.tag</c>, <c>embed[1]</c>);
    /// on <paramref name="root"/> (<c>body</c> over HTTP, <c>data</c> over WebSocket) when it is the whole document.
    /// </summary>
    public static Error ToValidationError(JsonException exception, string root)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var path = exception.Path?.TrimStart('$').TrimStart('.') ?? "";
        var message = exception.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "Is not a field of this request."
            : path.Length == 0 ? "Must be a JSON object."
            : "Has the wrong type or is malformed.";
        return Error.Validation(path.Length == 0 ? root : path, message);
    }
}
