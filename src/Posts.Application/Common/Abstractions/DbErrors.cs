using System.Data.Common;

namespace Posts.Application.Common.Abstractions;

/// <summary>Recognises constraint violations by SQLSTATE, without a reference to the provider.</summary>
public static class DbErrors
{
    /// <summary>A <see cref="Microsoft.EntityFrameworkCore.DbUpdateException"/> wrapping the violation, or the provider's own exception.</summary>
    public static bool IsUniqueViolation(this Exception e) => SqlState(e) == "23505";

    public static bool IsForeignKeyViolation(this Exception e) => SqlState(e) == "23503";

    private static string? SqlState(Exception e) => (e as DbException ?? e.InnerException as DbException)?.SqlState;
}
