using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Posts.WebSockets.Tests.Fuzz;

/// <summary>What a fuzz message is, and what the host must do with it.</summary>
public enum Expect
{
    /// <summary>One reply: a well-formed envelope with a known code (never <c>internal</c>).</summary>
    AnyReply,

    /// <summary>One reply: <c>type: "error"</c>, <c>invalid_message</c>.</summary>
    InvalidMessage,

    /// <summary>One reply: <c>validation_failed</c> naming <see cref="FuzzCase.Field"/>.</summary>
    ValidationFailed,

    /// <summary>The socket is closed with <see cref="FuzzCase.CloseCode"/>.</summary>
    Close,
}

/// <summary>
/// One generated message: its bytes, its id (raw JSON; <c>""</c> = an object the runner gives an id of its own; null =
/// none), the <c>type</c> the reply must carry, and the expected outcome.
/// </summary>
public sealed record FuzzCase(string Kind, byte[] Bytes, bool Binary, string? Id, string ExpectedType, Expect Expect, string? Field = null, int CloseCode = 0)
{
    public override string ToString()
    {
        var text = Binary ? $"<{Bytes.Length} binary bytes>" : Encoding.UTF8.GetString(Bytes);
        return $"{Kind}: {(text.Length > 300 ? text[..300] + "…" : text)}";
    }
}

/// <summary>
/// FsCheck generators of random and malformed messages: random text and bytes, random JSON, truncated and deeply
/// nested JSON, huge numbers, a wrong JSON kind for every field of every request, unknown fields, binary and
/// oversized frames. Ids are left for the runner to attach (it needs them unique to match replies).
/// </summary>
public static class FuzzCases
{
    public const int MaxMessageBytes = 64 * 1024;

    private static readonly string[] Types =
    [
        "tokens.create", "tokens.delete", "tokens.use", "me.show", "me.password", "posts.index", "posts.show", "posts.create",
        "posts.update", "posts.delete", "comments.index", "comments.create", "comments.update", "comments.delete",
        "posts.subscribe", "posts.unsubscribe", "users.create", "tokens.revoke", "session.ended", "posts.created", "error", "",
    ];

    private enum Kind { Str, OptStr, Int, Long, StrArr, Filter }

    /// <summary>Every request's fields, their kind, and a valid base <c>data</c> to put one wrong field into.</summary>
    private static readonly (string Type, string Base, (string Name, Kind Kind)[] Fields)[] Requests =
    [
        ("tokens.create", """{"username":"u","password":"p"}""", [("username", Kind.Str), ("password", Kind.Str)]),
        ("tokens.use", """{"token":"x"}""", [("token", Kind.Str)]),
        ("tokens.delete", "{}", []),
        ("me.show", "{}", []),
        ("me.password", """{"currentPassword":"a","newPassword":"b"}""", [("currentPassword", Kind.Str), ("newPassword", Kind.Str)]),
        ("posts.index", "{}", [("page", Kind.Int), ("cursor", Kind.Str), ("limit", Kind.Int), ("filter", Kind.Filter), ("embed", Kind.StrArr)]),
        ("posts.show", """{"id":1}""", [("id", Kind.Long), ("embed", Kind.StrArr)]),
        ("posts.create", """{"title":"t","body":"b"}""", [("title", Kind.Str), ("body", Kind.Str)]),
        ("posts.update", """{"id":1}""", [("id", Kind.Long), ("title", Kind.OptStr), ("body", Kind.OptStr), ("version", Kind.Int)]),
        ("posts.delete", """{"id":1}""", [("id", Kind.Long), ("version", Kind.Int)]),
        ("comments.index", """{"postId":1}""", [("postId", Kind.Long), ("page", Kind.Int), ("cursor", Kind.Str), ("limit", Kind.Int)]),
        ("comments.create", """{"postId":1,"body":"b"}""", [("postId", Kind.Long), ("body", Kind.Str)]),
        ("comments.update", """{"id":1}""", [("id", Kind.Long), ("body", Kind.OptStr)]),
        ("comments.delete", """{"id":1}""", [("id", Kind.Long)]),
    ];

    private static readonly string[] SampleMessages =
    [
        """{"type":"posts.index","data":{"page":1,"limit":10,"filter":{"since":"2014/12/29 14:30"},"embed":["author","comments"]}}""",
        """{"type":"tokens.create","data":{"username":"demo","password":"correct horse battery"}}""",
        """{"type":"posts.update","data":{"id":1,"title":"New","version":2},"id":"c-17"}""",
        """{"type":"comments.create","data":{"postId":1,"body":"Nice \u00e9 \ud83d\ude00"},"id":42}""",
        """{"type":"me.show"}""",
    ];

    public static Gen<FuzzCase> All =>
        Gen.Frequency(
            (3, RandomText),
            (4, RandomJson),
            (2, Truncated),
            (1, DeepNesting),
            (2, HugeNumber),
            (4, WrongType),
            (2, UnknownField),
            (1, HugeId),
            (2, RandomBytes),
            (1, BinaryFrame),
            (1, Oversized));

    private static Gen<string> TextOf(string alphabet, int min, int max) =>
        from length in Gen.Choose(min, max)
        from chars in Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), length)
        select new string(chars);

    private const string JsonishAlphabet = "{}[]\":,.-+eE0123456789 \t\r\ntypedaidnulltruefalse\\/abcé€\u0000\u001f";

    private static Gen<FuzzCase> RandomText =>
        from text in Gen.OneOf(TextOf(JsonishAlphabet, 0, 120), TextOf("abcdefghijklmnopqrstuvwxyz {}", 0, 40))
        select Classify("random-text", Encoding.UTF8.GetBytes(text));

    /// <summary>A random JSON value, as text, at most <paramref name="depth"/> deep.</summary>
    private static Gen<string> JsonValue(int depth)
    {
        var scalar = Gen.OneOf(
            Gen.Constant("null"), Gen.Constant("true"), Gen.Constant("false"),
            Gen.Choose(-1000, 1000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.Elements("1e400", "-1e400", "99999999999999999999999", "1.5", "-0", "0.000001", "2147483648", "9223372036854775808"),
            TextOf("abcXYZ é\"\\\n\t/", 0, 12).Select(s => System.Text.Json.JsonSerializer.Serialize(s)),
            Gen.Elements(Types).Select(t => System.Text.Json.JsonSerializer.Serialize(t)));
        if (depth <= 0) return scalar;
        var array = from items in Gen.ListOf(JsonValue(depth - 1), 3) select "[" + string.Join(",", items) + "]";
        var obj = from keys in Gen.ListOf(Gen.Elements("type", "data", "id", "title", "body", "filter", "since", "x", ""), 3)
                  from values in Gen.ListOf(JsonValue(depth - 1), 3)
                  select "{" + string.Join(",", keys.Zip(values).Select(kv => System.Text.Json.JsonSerializer.Serialize(kv.First) + ":" + kv.Second)) + "}";
        return Gen.Frequency((4, scalar), (1, array), (1, obj));
    }

    /// <summary>A random object that often looks like a request: a type (real or not), random data, no id (the runner adds one).</summary>
    private static Gen<FuzzCase> RandomJson =>
        from hasType in Gen.Elements(true, true, true, false)
        from type in Gen.OneOf(Gen.Elements(Types), TextOf("abc.xyz", 0, 70))
        from typeValue in Gen.Frequency((6, Gen.Constant(System.Text.Json.JsonSerializer.Serialize(type))), (1, JsonValue(1)))
        from hasData in Gen.Elements(true, true, false)
        from data in JsonValue(3)
        from extra in Gen.Elements(true, false, false, false)
        select Build(hasType, typeValue, hasData, data, extra);

    private static FuzzCase Build(bool hasType, string typeValue, bool hasData, string data, bool extra)
    {
        var parts = new List<string>();
        if (hasType) parts.Add("\"type\":" + typeValue);
        if (hasData) parts.Add("\"data\":" + data);
        if (extra) parts.Add("\"meta\":{}");
        return Classify("random-json", Encoding.UTF8.GetBytes("{" + string.Join(",", parts) + "}"), idAllowed: true);
    }

    private static Gen<FuzzCase> Truncated =>
        from message in Gen.Elements(SampleMessages)
        from cut in Gen.Choose(1, message.Length - 1)
        select new FuzzCase("truncated", Encoding.UTF8.GetBytes(message[..cut]), false, null, "error", Expect.InvalidMessage);

    private static Gen<FuzzCase> DeepNesting =>
        from depth in Gen.Choose(33, 5000)
        from opener in Gen.Elements("[", "{\"a\":")
        from closed in Gen.Elements(true, false)
        from inData in Gen.Elements(true, false)
        let closer = opener == "[" ? "]" : "}"
        let nested = string.Concat(Enumerable.Repeat(opener, depth)) + "1" + (closed ? string.Concat(Enumerable.Repeat(closer, depth)) : "")
        let text = inData ? "{\"type\":\"posts.index\",\"data\":{\"filter\":" + nested + (closed ? "}}" : "") : nested
        select new FuzzCase("deep", Encoding.UTF8.GetBytes(text), false, null, "error", Expect.InvalidMessage);

    /// <summary>Numbers no integer field can hold, in a field that takes an integer.</summary>
    private static Gen<FuzzCase> HugeNumber =>
        from request in Gen.Elements(Requests.Where(r => r.Fields.Any(f => f.Kind is Kind.Int or Kind.Long)).ToArray())
        from member in Gen.Elements(request.Fields.Where(f => f.Kind is Kind.Int or Kind.Long).ToArray())
        from number in member.Kind == Kind.Int
            ? Gen.Elements("2147483648", "-2147483649", "1e400", "99999999999999999999999", "1.5", "1e-7", "12345678901234567890123456789012345678901234567890")
            : Gen.Elements("9223372036854775808", "-9223372036854775809", "1e400", "-1e400", "1.0000001", "123456789012345678901234567890")
        select WithField("huge-number", request.Type, request.Base, member.Name, number, member.Name);

    /// <summary>A value of the wrong JSON kind for one field of one request.</summary>
    private static Gen<FuzzCase> WrongType =>
        from request in Gen.Elements(Requests.Where(r => r.Fields.Length > 0).ToArray())
        from member in Gen.Elements(request.Fields)
        from wrong in WrongFor(member.Kind, member.Name)
        select WithField("wrong-type", request.Type, request.Base, wrong.Name, wrong.Value, wrong.Path);

    private static Gen<(string Name, string Value, string Path)> WrongFor(Kind kind, string name) => kind switch
    {
        Kind.Str or Kind.OptStr => Gen.Elements("5", "true", "[]", "{}", "[\"x\"]", "1.5").Select(v => (name, v, name)),
        Kind.Int => Gen.Elements("\"5\"", "true", "[]", "{}", "[1]", "\"\"").Select(v => (name, v, name)),
        Kind.Long => Gen.Elements("\"5\"", "true", "[]", "{}", "null", "\"\"").Select(v => (name, v, name)),
        Kind.StrArr => Gen.OneOf(
            Gen.Elements("\"author\"", "5", "{}", "true").Select(v => (name, v, name)),
            Gen.Elements("[5]", "[true]", "[[]]", "[{}]").Select(v => (name, v, name + "[0]"))),
        _ => Gen.OneOf(
            Gen.Elements("\"x\"", "5", "[]", "true").Select(v => (name, v, name)),
            from sub in Gen.Elements("since", "until", "author", "q")
            from v in Gen.Elements("5", "true", "[]", "{}")
            select (name, "{\"" + sub + "\":" + v + "}", name + "." + sub)),
    };

    private static Gen<FuzzCase> UnknownField =>
        from request in Gen.Elements(Requests)
        from name in TextOf("qwxz", 3, 12)
        from value in JsonValue(1)
        select WithField("unknown-field", request.Type, request.Base, "zz" + name, value, "zz" + name);

    /// <summary>A valid request carrying an id that is a huge or odd number: it must come back spelt as sent.</summary>
    private static Gen<FuzzCase> HugeId =>
        from id in Gen.Elements("123456789012345678901234567890", "1e400", "-0.000", "1.50", "9223372036854775808", "0")
        select new FuzzCase("huge-id", Encoding.UTF8.GetBytes("{\"type\":\"posts.index\",\"id\":" + id + "}"), false, id, "posts.index", Expect.AnyReply);

    /// <summary>Random bytes as a text frame: valid UTF-8 gets a reply, anything else closes 1007.</summary>
    private static Gen<FuzzCase> RandomBytes =>
        from length in Gen.Choose(1, 80)
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
        select IsUtf8(bytes)
            ? Classify("random-bytes", bytes)
            : new FuzzCase("random-bytes", bytes, false, null, "", Expect.Close, CloseCode: 1007);

    private static Gen<FuzzCase> BinaryFrame =>
        from message in Gen.Elements(SampleMessages)
        select new FuzzCase("binary", Encoding.UTF8.GetBytes(message), true, null, "", Expect.Close, CloseCode: 1003);

    private static Gen<FuzzCase> Oversized =>
        from over in Gen.Choose(1, 4096)
        select new FuzzCase("oversized", Encoding.UTF8.GetBytes("{\"type\":\"posts.index\",\"data\":{\"q\":\"" + new string('q', MaxMessageBytes + over) + "\"}}"), false, null, "", Expect.Close, CloseCode: 1009);

    private static FuzzCase WithField(string kind, string type, string baseData, string name, string value, string path)
    {
        var data = (JsonObject)JsonNode.Parse(baseData)!;
        data[name] = JsonNode.Parse(value);
        var text = "{\"type\":\"" + type + "\",\"data\":" + data.ToJsonString() + "}";
        return new FuzzCase(kind, Encoding.UTF8.GetBytes(text), false, "", type, Expect.ValidationFailed, Field: path);
    }

    /// <summary>What the envelope rules say for arbitrary text: not one JSON object with a usable type → invalid_message.</summary>
    private static FuzzCase Classify(string kind, byte[] bytes, bool idAllowed = false)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(bytes, new System.Text.Json.JsonDocumentOptions { MaxDepth = 32 });
            var root = json.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object) return new FuzzCase(kind, bytes, false, null, "error", Expect.InvalidMessage);
            var id = root.TryGetProperty("id", out var rawId) ? rawId : (System.Text.Json.JsonElement?)null;
            if (id is { ValueKind: not (System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number) })
                return new FuzzCase(kind, bytes, false, null, "error", Expect.InvalidMessage);
            var hasType = root.TryGetProperty("type", out var type) && type.ValueKind == System.Text.Json.JsonValueKind.String
                          && type.GetString() is { Length: > 0 and <= 64 };
            var expectedType = hasType ? type.GetString()! : "error";
            var carried = id is { } own ? own.GetRawText() : idAllowed ? "" : null;
            return new FuzzCase(kind, bytes, false, carried, expectedType, hasType ? Expect.AnyReply : Expect.InvalidMessage);
        }
        catch (System.Text.Json.JsonException)
        {
            return new FuzzCase(kind, bytes, false, null, "error", Expect.InvalidMessage);
        }
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
