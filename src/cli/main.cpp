#include "app.hpp"

int main(int argc, char** argv) {
  return aifoot::cli::run(argc, argv);
}
