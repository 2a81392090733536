using System.ComponentModel;
using Mediator;
using Posts.Application.Posts.DeletePost;
using Posts.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Posts.Cli.Commands.Posts;

[Description("Delete a post and its comments, as a moderator (the CLI acts as the system administrator).")]
internal sealed class PostsDeleteCommand(Backend backend, IAnsiConsole console) : AsyncCommand<PostsDeleteCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<id>")]
        [Description("The post's id, as in /posts/123.")]
        public long Id { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var result = await backend.SendAsync<Unit>(new DeletePostCommand(settings.Id), cancellationToken);
        if (!result.IsSuccess) return backend.Fail(result.Error);

        console.WriteLine($"Deleted post {Tables.Number(settings.Id)}.");
        return ExitCodes.Ok;
    }
}
