using Posts.Application.Comments.CreateComment;
using Posts.Application.Comments.DeleteComment;
using Posts.Application.Comments.ListComments;
using Posts.Application.Comments.UpdateComment;
using Posts.Application.Db.ExportDatabase;
using Posts.Application.Db.ImportDatabase;
using Posts.Application.Db.SeedDatabase;
using Posts.Application.Me.ChangePassword;
using Posts.Application.Me.GetCurrentUser;
using Posts.Application.Posts.CreatePost;
using Posts.Application.Posts.DeletePost;
using Posts.Application.Posts.GetPost;
using Posts.Application.Posts.ListPosts;
using Posts.Application.Posts.UpdatePost;
using Posts.Application.Tokens.CreateToken;
using Posts.Application.Tokens.RevokeToken;
using Posts.Application.Tokens.RevokeTokens;
using Posts.Application.Users.CreateUser;
using Posts.Application.Users.DisableUser;
using Posts.Application.Users.EnableUser;
using Posts.Application.Users.ListUsers;
using Posts.Application.Users.ResetPassword;

namespace Posts.Application;

/// <summary>The adapters that may expose a request.</summary>
[Flags]
public enum Adapters
{
    None = 0,
    Http = 1,
    WebSocket = 2,
    Cli = 4,
}

/// <summary>One request of the catalogue: its wire name (the WebSocket <c>type</c>), its type, and who exposes it.</summary>
public sealed record CatalogueEntry(string WireName, Type RequestType, Adapters Adapters, string Summary)
{
    public bool IsExposedBy(Adapters adapter) => (Adapters & adapter) == adapter;
}

/// <summary>
/// The one list of requests (SPEC §3): wire name ↔ request type ↔ the adapters that expose it. The
/// WebSocket dispatcher, the CLI and the generated documents read it; nothing else declares a wire name.
/// Administrator requests are exposed by the CLI alone.
/// </summary>
public static class Catalogue
{
    private const Adapters UserFacing = Adapters.Http | Adapters.WebSocket;

    public static IReadOnlyList<CatalogueEntry> Entries { get; } =
    [
        new("tokens.create", typeof(CreateTokenCommand), UserFacing, "Sign in: a username and password for a bearer token."),
        new("tokens.delete", typeof(RevokeTokenCommand), UserFacing, "Sign out: revoke the caller's token."),
        new("me.show", typeof(GetCurrentUserQuery), UserFacing, "The signed-in user."),
        new("me.password", typeof(ChangePasswordCommand), UserFacing, "Change the password; the caller's other tokens are revoked."),
        new("posts.index", typeof(ListPostsQuery), UserFacing | Adapters.Cli, "Posts, newest first, by page or cursor."),
        new("posts.show", typeof(GetPostQuery), UserFacing, "One post."),
        new("posts.create", typeof(CreatePostCommand), UserFacing, "Create a post."),
        new("posts.update", typeof(UpdatePostCommand), UserFacing, "Change a post's title or body (its author or an admin)."),
        new("posts.delete", typeof(DeletePostCommand), UserFacing | Adapters.Cli, "Delete a post and its comments (its author or an admin)."),
        new("comments.index", typeof(ListCommentsQuery), UserFacing, "A post's comments, oldest first."),
        new("comments.create", typeof(CreateCommentCommand), UserFacing, "Comment on a post."),
        new("comments.update", typeof(UpdateCommentCommand), UserFacing, "Change a comment (its author or an admin)."),
        new("comments.delete", typeof(DeleteCommentCommand), UserFacing, "Delete a comment (its author or an admin)."),
        new("users.create", typeof(CreateUserCommand), Adapters.Cli, "Add a user."),
        new("users.index", typeof(ListUsersQuery), Adapters.Cli, "Every user."),
        new("users.disable", typeof(DisableUserCommand), Adapters.Cli, "Disable a user; their sessions end."),
        new("users.enable", typeof(EnableUserCommand), Adapters.Cli, "Enable a user."),
        new("users.resetPassword", typeof(ResetPasswordCommand), Adapters.Cli, "Set a user's password; their tokens are revoked."),
        new("tokens.revoke", typeof(RevokeTokensCommand), Adapters.Cli, "Revoke the tokens of one user or of everybody."),
        new("db.seed", typeof(SeedDatabaseCommand), Adapters.Cli, "Write a batch of demo users, posts and comments in bulk (one posts.imported event)."),
        new("db.exportPlan", typeof(ExportPlanQuery), Adapters.Cli, "Where an export stops: each table's last id and row count, in one snapshot."),
        new("db.export", typeof(ExportPageQuery), Adapters.Cli, "The next rows of one table by id, for an export."),
        new("db.import", typeof(ImportDatabaseCommand), Adapters.Cli, "Write a batch of exported rows with their ids in bulk; rows already there are skipped (one posts.imported event)."),
    ];

    /// <summary>The entry with that wire name if <paramref name="adapter"/> exposes it; null otherwise (an unknown type).</summary>
    public static CatalogueEntry? Find(string wireName, Adapters adapter) =>
        Entries.FirstOrDefault(e => e.WireName == wireName && e.IsExposedBy(adapter));

    public static IEnumerable<CatalogueEntry> For(Adapters adapter) => Entries.Where(e => e.IsExposedBy(adapter));
}
