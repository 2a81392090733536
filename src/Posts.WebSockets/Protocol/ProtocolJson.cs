using System.Text.Json;
using System.Text.Json.Serialization;
using Posts.Application.Comments.CreateComment;
using Posts.Application.Comments.DeleteComment;
using Posts.Application.Comments.ListComments;
using Posts.Application.Comments.UpdateComment;
using Posts.Application.Me.ChangePassword;
using Posts.Application.Me.GetCurrentUser;
using Posts.Application.Posts.CreatePost;
using Posts.Application.Posts.DeletePost;
using Posts.Application.Posts.GetPost;
using Posts.Application.Posts.ListPosts;
using Posts.Application.Posts.UpdatePost;
using Posts.Application.Tokens.CreateToken;
using Posts.Application.Tokens.RevokeToken;

namespace Posts.WebSockets.Protocol;

/// <summary>
/// How <c>data</c> becomes a request: System.Text.Json source generation, strict — an unknown field is an error,
/// numbers are numbers. The dispatcher refuses to start if a WebSocket row of the catalogue is missing here.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(CreateTokenCommand))]
[JsonSerializable(typeof(RevokeTokenCommand))]
[JsonSerializable(typeof(GetCurrentUserQuery))]
[JsonSerializable(typeof(ChangePasswordCommand))]
[JsonSerializable(typeof(ListPostsQuery))]
[JsonSerializable(typeof(GetPostQuery))]
[JsonSerializable(typeof(CreatePostCommand))]
[JsonSerializable(typeof(UpdatePostCommand))]
[JsonSerializable(typeof(DeletePostCommand))]
[JsonSerializable(typeof(ListCommentsQuery))]
[JsonSerializable(typeof(CreateCommentCommand))]
[JsonSerializable(typeof(UpdateCommentCommand))]
[JsonSerializable(typeof(DeleteCommentCommand))]
[JsonSerializable(typeof(UseTokenData))]
[JsonSerializable(typeof(Connections.SubscribeData))]
[JsonSerializable(typeof(Connections.UnsubscribeData))]
internal sealed partial class ProtocolJson : JsonSerializerContext;

/// <summary><c>tokens.use</c>: authenticate the socket with a token obtained elsewhere (e.g. <c>POST /tokens</c>).</summary>
internal sealed record UseTokenData(string Token)
{
    public override string ToString() => "UseTokenData { Token = *** }";
}

/// <summary>The messages the host handles itself, beside the catalogue's.</summary>
internal static class HostMessages
{
    public const string UseToken = "tokens.use";
    public const string Subscribe = "posts.subscribe";
    public const string Unsubscribe = "posts.unsubscribe";
    public const string SessionEnded = "session.ended";
}
