using FluentValidation;

namespace Posts.Application.Common.Paging;

/// <summary>A list request: <c>page</c> or <c>cursor</c>, and <c>limit</c>.</summary>
public interface IPagedRequest
{
    int? Page { get; }
    string? Cursor { get; }
    int? Limit { get; }
}

/// <summary>The paging rules every list request shares; list validators <c>Include</c> it.</summary>
internal sealed class PagingValidator : AbstractValidator<IPagedRequest>
{
    public PagingValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, Paging.MaxLimit).WithMessage($"Must be between 1 and {Paging.MaxLimit}.");
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1).WithMessage("Must be 1 or more.");
        RuleFor(x => x.Page)
            .Must((x, page) => page is null || (long)page.Value * (x.Limit ?? Paging.DefaultLimit) <= Paging.MaxOffset)
            .When(x => x.Page >= 1)
            .WithMessage($"page × limit must not exceed {Paging.MaxOffset}; use the cursor to read further.");
        RuleFor(x => x.Cursor).Must(c => Cursor.TryDecode(c, out _)).When(x => x.Cursor is not null)
            .WithMessage("Is not a cursor this service issued.");
        RuleFor(x => x.Cursor).Null().When(x => x.Page is not null).WithMessage("Give either page or cursor, not both.");
    }
}
