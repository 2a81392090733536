using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Posts.Application.Common.Abstractions;

/// <summary>Recognises constraint violations by SQLSTATE, without a reference to the provider.</summary>
public static class DbErrors
{
    public static bool IsUniqueViolation(this DbUpdateException e) => e.InnerException is DbException { SqlState: "23505" };

    public static bool IsForeignKeyViolation(this DbUpdateException e) => e.InnerException is DbException { SqlState: "23503" };
}
