using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mediator;
using Posts.Application;
using Posts.Application.Common.Paging;
using Posts.Application.Common.Json;
using Posts.Application.Common.Results;

namespace Posts.WebSockets.Protocol;

/// <summary>
/// Turns a message into the catalogue's request and its result into a reply. It reads the catalogue's
/// WebSocket rows and nothing else: administrator requests are unknown here.
/// </summary>
internal sealed class Dispatcher
{
    private readonly FrozenDictionary<string, JsonTypeInfo> _requests;

    public Dispatcher()
    {
        _requests = Catalogue.For(Adapters.WebSocket).ToFrozenDictionary(
            e => e.WireName,
            e => ProtocolJson.Default.GetTypeInfo(e.RequestType)
                 ?? throw new InvalidOperationException($"{e.RequestType.Name} ({e.WireName}) is not in ProtocolJson."));
    }

    public IEnumerable<string> Types => _requests.Keys;

    public bool Knows(string type) => _requests.ContainsKey(type);

    /// <summary>Reads <c>data</c> as the request of <paramref name="type"/>; a field that breaks the shape is a validation error.</summary>
    public Result<IMessage> Read(string type, JsonElement data)
    {
        var read = ReadData<object>(data, _requests[type]);
        return read.IsSuccess ? Result<IMessage>.Success((IMessage)read.Value) : read.Error;
    }

    /// <summary>
    /// Reads <c>data</c> strictly; an unknown field or a wrong type is <c>validation_failed</c> on its path as the
    /// client wrote it (<c>filter.tag</c>, <c>embed[1]</c>), or on <c>data</c> when the path is the whole object.
    /// </summary>
    public static Result<T> ReadData<T>(JsonElement data, JsonTypeInfo typeInfo)
    {
        try
        {
            return Result<T>.Success((T)data.Deserialize(typeInfo)!);
        }
        catch (JsonException e)
        {
            return JsonErrors.ToValidationError(e, "data");
        }
    }

    public static Envelope Reply(string type, IOutcome outcome, JsonElement? id)
    {
        if (!outcome.IsSuccess) return Envelope.Fail(type, outcome.Error!, id);
        return outcome.BoxedValue switch
        {
            IPage page => Envelope.Success(type, page.Items, page.Meta, id),
            Unit or null => Envelope.Success(type, null, null, id),
            var value => Envelope.Success(type, value, null, id),
        };
    }
}
