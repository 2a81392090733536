using System.Diagnostics.CodeAnalysis;

namespace Posts.Application.Common.Results;

/// <summary>Lets a pipeline behaviour fail any request without knowing its result type.</summary>
public interface IOutcome
{
    bool IsSuccess { get; }
    Error? Error { get; }

    /// <summary>The value, boxed, for adapters that dispatch by wire name and hold no static type (the WebSocket host).</summary>
    object? BoxedValue { get; }
}

/// <inheritdoc cref="IOutcome" />
public interface IResultOf<out TSelf> : IOutcome where TSelf : IResultOf<TSelf>
{
    static abstract TSelf Fail(Error error);
}

/// <summary>Success with a value, or an <see cref="Results.Error"/>. Expected outcomes never throw.</summary>
public readonly struct Result<T> : IResultOf<Result<T>>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public Error? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"No value: the result is '{Error.Code}'.");

    public object? BoxedValue => IsSuccess ? _value : null;

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Fail(Error error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

#pragma warning disable CA2225 // the named alternatives are Success and Fail
    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Fail(error);
#pragma warning restore CA2225

    public override string ToString() => IsSuccess ? $"Success({_value})" : $"Fail({Error.Code})";
}
