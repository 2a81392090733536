using System.Text.Json;
using Posts.Application.Common.Json;
using Posts.Application.Db;

namespace Posts.Cli.Commands.Db;

/// <summary>
/// The export file: JSON Lines, a header line, then every user, post and comment as one <see cref="BulkRow"/> line
/// each, in that order (so an import writes what a row refers to before the row).
/// </summary>
internal static class ExportFile
{
    public const int Format = 1;

    /// <summary>Reading is strict: an unknown or missing property, or a null where a value belongs, makes the line invalid.</summary>
    public static JsonSerializerOptions Json { get; } = Strict();

    /// <summary>The first line: what the file is, when it was written, and how many rows follow.</summary>
    internal sealed record Header(string Kind, int Format, DateTimeOffset ExportedAt, int Users, int Posts, int Comments)
    {
        public const string KindName = "posts-export";

        [System.Text.Json.Serialization.JsonIgnore]
        public long Rows => Users + (long)Posts + Comments;
    }

    private static JsonSerializerOptions Strict()
    {
        var options = WireJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web), indented: false);
        options.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
