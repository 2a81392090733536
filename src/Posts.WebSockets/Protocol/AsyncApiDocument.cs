using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Posts.Application;
using Posts.Application.Common.Json;
using Posts.Application.Common.Paging;
using Posts.Application.Common.Results;
using Mediator;

namespace Posts.WebSockets.Protocol;

/// <summary>
/// The AsyncAPI 3.0 document of this protocol, generated once at start from the catalogue's WebSocket rows,
/// the host's own messages and the request/response types (System.Text.Json's JsonSchemaExporter), so it
/// cannot drift from the code.
/// </summary>
internal sealed class AsyncApiDocument
{
    public const string Path = "/asyncapi.json";

    /// <summary>SPEC §5's close codes, in the document and the README.</summary>
    public static readonly (int Code, string Meaning)[] CloseCodes =
    [
        (1001, "going away: the host is shutting down"),
        (1003, "a binary frame: only text frames are accepted"),
        (1007, "invalid UTF-8 in a text frame"),
        (1008, "too slow to read: the outbound queue stayed full"),
        (1009, "message too big"),
        (1011, "internal error"),
        (4408, "authentication timeout: no session within the unauthenticated lifetime"),
    ];

    /// <summary>The live events a subscriber receives, and the type of their data.</summary>
    private static readonly (string Type, Type Data)[] LiveEvents =
    [
        (Domain.EventTypes.PostCreated, typeof(Application.Posts.PostDto)),
        (Domain.EventTypes.PostUpdated, typeof(Application.Posts.PostDto)),
        (Domain.EventTypes.PostDeleted, typeof(Application.Posts.DeletePost.PostDeletedPayload)),
        (Domain.EventTypes.CommentCreated, typeof(Application.Comments.CommentDto)),
        (Domain.EventTypes.CommentUpdated, typeof(Application.Comments.CommentDto)),
        (Domain.EventTypes.CommentDeleted, typeof(Application.Comments.CommentDeletedPayload)),
        (Domain.EventTypes.PostsImported, typeof(Application.Db.PostsImportedPayload)),
    ];

    private readonly JsonSerializerOptions _requests = ProtocolJson.Default.Options;
    private readonly JsonSerializerOptions _responses = WireJson.Options;

    public AsyncApiDocument(Dispatcher dispatcher)
    {
        var messages = new JsonObject();
        var operations = new JsonObject();
        foreach (var entry in Catalogue.For(Adapters.WebSocket).Where(e => dispatcher.Knows(e.WireName)))
        {
            AddRequest(messages, operations, entry.WireName, entry.Summary, Schema(_requests, entry.RequestType), ReplyData(entry.RequestType));
        }

        AddRequest(messages, operations, HostMessages.UseToken,
            "Authenticate the socket with a token obtained elsewhere (e.g. POST /tokens).",
            Schema(_requests, typeof(UseTokenData)),
            (Parse("""{"type":"object","properties":{"user":{"type":"object","properties":{"id":{"type":"integer"},"username":{"type":"string"}}},"expiresAt":{"type":"string","format":"date-time"}}}"""), null));

        AddRequest(messages, operations, HostMessages.Subscribe,
            "Start pushing post and comment events, filtered by postId or author; with 'after', missed events are replayed first, in order.",
            Schema(_requests, typeof(Connections.SubscribeData)),
            (Parse("""{"type":"object","properties":{"after":{"type":"integer"},"postId":{"type":["integer","null"]},"author":{"type":["string","null"]}}}"""), null));
        AddRequest(messages, operations, HostMessages.Unsubscribe, "Stop pushing events.", Schema(_requests, typeof(Connections.UnsubscribeData)), (null, null));
        foreach (var (type, data) in LiveEvents)
        {
            var push = EnvelopeSchema(type, Schema(_responses, data), null, Kind.Push);
            ((JsonObject)push["properties"]!)["event"] = new JsonObject { ["type"] = "integer", ["description"] = "The event's id: subscribe with after=<id> to resume." };
            messages[type] = new JsonObject { ["name"] = type, ["summary"] = "A live event, pushed to subscribed sockets whichever adapter or host made the change.", ["payload"] = push };
            operations["receive." + type] = Operation("receive", type);
        }

        messages[HostMessages.SessionEnded] = new JsonObject
        {
            ["name"] = HostMessages.SessionEnded,
            ["summary"] = "Pushed when the socket's session ends for any reason other than its own tokens.delete; the socket stays open, unauthenticated.",
            ["payload"] = EnvelopeSchema(HostMessages.SessionEnded, Parse("""{"type":"object","properties":{"reason":{"enum":["revoked","expired","disabled","password_changed"]}},"required":["reason"]}"""), null, Kind.Push),
        };
        messages["error"] = new JsonObject
        {
            ["name"] = "error",
            ["summary"] = "The reply to a message whose type could not be read (invalid_message).",
            ["payload"] = EnvelopeSchema(Protocol.Envelope.UnreadableType, null, null, Kind.Reply),
        };
        operations["receive." + HostMessages.SessionEnded] = Operation("receive", HostMessages.SessionEnded);
        operations["receive.error"] = Operation("receive", "error");

        Json = new JsonObject
        {
            ["asyncapi"] = "3.0.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Posts WebSocket protocol",
                ["version"] = "1.0.0",
                ["description"] = "Text frames carrying one JSON object each: {type, data?, id?}. Replies: {type, status, data?, meta?, error?, id?}. "
                    + "Without ids replies keep request order; with ids requests may run concurrently.",
            },
            ["servers"] = new JsonObject { ["local"] = new JsonObject { ["host"] = "localhost:8080", ["protocol"] = "ws", ["pathname"] = "/" } },
            ["channels"] = new JsonObject
            {
                ["socket"] = new JsonObject
                {
                    ["address"] = "/",
                    ["messages"] = new JsonObject(messages.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)new JsonObject { ["$ref"] = "#/components/messages/" + m.Key }))),
                },
            },
            ["operations"] = operations,
            ["components"] = new JsonObject { ["messages"] = messages },
            ["x-close-codes"] = new JsonArray(CloseCodes.Select(c => (JsonNode)new JsonObject { ["code"] = c.Code, ["meaning"] = c.Meaning }).ToArray()),
        };
        Text = Json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public JsonObject Json { get; }

    public string Text { get; }

    private static void AddRequest(JsonObject messages, JsonObject operations, string type, string summary, JsonNode requestData, (JsonNode? Data, JsonNode? Meta) reply)
    {
        messages[type] = new JsonObject { ["name"] = type, ["summary"] = summary, ["payload"] = EnvelopeSchema(type, requestData, null, Kind.Request) };
        messages[type + ".reply"] = new JsonObject { ["name"] = type + ".reply", ["payload"] = EnvelopeSchema(type, reply.Data, reply.Meta, Kind.Reply) };
        var operation = Operation("send", type);
        operation["reply"] = new JsonObject
        {
            ["channel"] = new JsonObject { ["$ref"] = "#/channels/socket" },
            ["messages"] = new JsonArray(new JsonObject { ["$ref"] = $"#/channels/socket/messages/{type}.reply" }),
        };
        operations[type] = operation;
    }

    private static JsonObject Operation(string action, string message) => new()
    {
        ["action"] = action,
        ["channel"] = new JsonObject { ["$ref"] = "#/channels/socket" },
        ["messages"] = new JsonArray(new JsonObject { ["$ref"] = $"#/channels/socket/messages/{message}" }),
    };

    private enum Kind
    {
        Request,
        Reply,
        Push,
    }

    private static JsonObject EnvelopeSchema(string type, JsonNode? data, JsonNode? meta, Kind kind)
    {
        var properties = new JsonObject { ["type"] = new JsonObject { ["const"] = type } };
        var required = new JsonArray("type");
        if (kind == Kind.Request)
        {
            if (data is not null) properties["data"] = data;
            properties["id"] = new JsonObject { ["type"] = new JsonArray("string", "number"), ["description"] = "Echoed verbatim in the reply." };
        }
        else
        {
            properties["status"] = kind == Kind.Push ? new JsonObject { ["const"] = "ok" } : new JsonObject { ["enum"] = new JsonArray("ok", "error") };
            required.Add("status");
            if (data is not null) properties["data"] = data;
            if (meta is not null) properties["meta"] = meta;
            if (kind == Kind.Reply)
            {
                properties["error"] = Parse("""
                    {"type":"object","required":["code","message"],"properties":{
                      "code":{"enum":["validation_failed","unauthenticated","forbidden","not_found","conflict","rate_limited","unavailable","internal","invalid_message","unknown_type"]},
                      "message":{"type":"string"},"details":{"type":"object"}}}
                    """);
                properties["id"] = new JsonObject { ["type"] = new JsonArray("string", "number") };
            }
        }

        return new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required };
    }

    private (JsonNode? Data, JsonNode? Meta) ReplyData(Type requestType)
    {
        var result = requestType.GetInterfaces()
            .Where(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(ICommand<>) || i.GetGenericTypeDefinition() == typeof(IQuery<>)))
            .Select(i => i.GetGenericArguments()[0]).Single();
        var value = result.GetGenericArguments()[0]; // Result<T>
        if (value == typeof(Unit)) return (null, null);
        if (value.IsGenericType && value.GetGenericTypeDefinition() == typeof(Page<>))
            return (Schema(_responses, typeof(IReadOnlyList<>).MakeGenericType(value.GetGenericArguments()[0])), Schema(_responses, typeof(PageMeta)));
        return (Schema(_responses, value), null);
    }

    private static JsonNode Schema(JsonSerializerOptions options, Type type) =>
        JsonSchemaExporter.GetJsonSchemaAsNode(options, type, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            // An update field (Optional<T>, custom converter) is absent or a value: describe it as the value.
            TransformSchemaNode = (context, node) =>
            {
                if (context.PropertyInfo is not null || node["properties"] is not JsonObject properties) return node;
                foreach (var property in context.TypeInfo.Properties)
                {
                    if (property.PropertyType is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(Optional<>))
                        properties[property.Name] = JsonSchemaExporter.GetJsonSchemaAsNode(options, t.GetGenericArguments()[0]);
                }

                return node;
            },
        });

    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;
}
