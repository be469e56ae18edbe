using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace MqApi.Storage;

/// <summary>
/// A SQL command compiled once and executed many times with new parameter values. Microsoft.Data.Sqlite
/// keeps the compiled statements on the command, so each execution only rebinds and steps them.
/// </summary>
internal sealed partial class PreparedCommand : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    /// <summary>
    /// Prepares <paramref name="sql"/>. Its <c>$name</c> parameters take the values given to
    /// <see cref="Execute"/> in the order each name first appears in the text.
    /// </summary>
    public PreparedCommand(SqliteConnection connection, string sql)
    {
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        _parameters = ParameterName().Matches(sql)
            .Select(match => match.Value)
            .Distinct(StringComparer.Ordinal)
            .Select(name => _command.Parameters.Add(new SqliteParameter { ParameterName = name }))
            .ToArray();
        _command.Prepare();
    }

    /// <summary>Runs the command in <paramref name="transaction"/> and returns the rows it changed.</summary>
    public int Execute(SqliteTransaction transaction, params ReadOnlySpan<object?> values)
    {
        if (values.Length != _parameters.Length)
        {
            throw new ArgumentException($"Expected {_parameters.Length} parameter values, got {values.Length}.", nameof(values));
        }
        _command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++) _parameters[i].Value = values[i] ?? DBNull.Value;
        return _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();

    [GeneratedRegex(@"\$\w+")]
    private static partial Regex ParameterName();
}
