using FluentAssertions;
using Posts.Application.Common.Results;

namespace Posts.Application.Tests.Support;

public static class ResultAssertions
{
    public static T ShouldSucceed<T>(this Result<T> result)
    {
        result.IsSuccess.Should().BeTrue($"expected success but got {result.Error?.Code}: {result.Error?.Message}");
        return result.Value;
    }

    public static Error ShouldFailWith<T>(this Result<T> result, string code)
    {
        result.IsSuccess.Should().BeFalse($"expected {code} but the request succeeded");
        result.Error!.Code.Should().Be(code, result.Error.Message);
        return result.Error;
    }

    /// <summary>A <c>validation_failed</c> naming <paramref name="field"/> among its fields.</summary>
    public static Error ShouldFailValidationOn<T>(this Result<T> result, params string[] fields)
    {
        var error = result.ShouldFailWith(ErrorCodes.ValidationFailed);
        error.Details.Should().NotBeNull().And.ContainKeys(fields);
        return error;
    }
}
