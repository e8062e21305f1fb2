using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrossModal.Studies.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SetTimes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MinSecondsPerSet",
                table: "Studies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "SetSeconds",
                table: "Ratings",
                type: "REAL",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MinSecondsPerSet",
                table: "Studies");

            migrationBuilder.DropColumn(
                name: "SetSeconds",
                table: "Ratings");
        }
    }
}
