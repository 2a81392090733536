using Posts.Application.Common.Abstractions;

namespace Posts.Cli.Infrastructure;

/// <summary>The CLI acts as the built-in system administrator: an administrator that is no user of the system.</summary>
internal sealed class SystemAdministrator : ICurrentUser
{
    public long? UserId => null;
    public long? TokenId => null;
    public bool IsAdmin => true;
    public bool IsSystem => true;
    public string ClientAddress => "cli";
}
