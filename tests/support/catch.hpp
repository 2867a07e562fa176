#pragma once

// The one place that includes the test framework, so a move to Catch2 v3 touches one file.
#include <catch2/catch.hpp>
